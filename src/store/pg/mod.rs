//! The team backend: one shared PostgreSQL database behind the same
//! [`Store`](super::Store).

pub mod conninfo;
pub mod pgfiles;
pub mod tls;
pub mod uri;
