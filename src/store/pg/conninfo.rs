//! libpq's connection conventions (keyword strings, URIs, PG* variables,
//! service and password files, sslmode), for the `postgres` crate, which
//! follows none of them by itself.
