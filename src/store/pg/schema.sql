-- accord's team database, schema version 1.
-- Run by `accord server init` / `accord server migrate`, or by hand by a DBA
-- (`accord server sql`). Idempotent: running it again changes nothing but
-- the functions, which it replaces with this version's.
--
-- Roles: the role that runs this owns the schema `accord`, its tables and
-- functions. Staff log in with their own roles, members of the group role
-- `accord_user`, which may read the tables and call the functions, nothing
-- more: every change goes through accord.apply_change, which records its
-- author (session_user) and the server's time.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'accord_user') THEN
    CREATE ROLE accord_user NOLOGIN;
  END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS accord;
REVOKE ALL ON SCHEMA accord FROM PUBLIC;

CREATE TABLE IF NOT EXISTS accord.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO accord.meta VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING;
INSERT INTO accord.meta
  VALUES ('instance', (1 + floor(random() * 9.0e18))::bigint::text)
  ON CONFLICT (key) DO NOTHING;

-- The one sequence row: every change locks it first, so changes commit in
-- sequence order and the history has no gaps.
CREATE TABLE IF NOT EXISTS accord.seq (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  v   bigint NOT NULL
);
INSERT INTO accord.seq VALUES (true, 0) ON CONFLICT (one) DO NOTHING;

-- The highest number ever given per id letter: ids are never reused.
CREATE TABLE IF NOT EXISTS accord.counters (
  kind text PRIMARY KEY,
  n    bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS accord.records (
  id   text PRIMARY KEY,
  tag  smallint NOT NULL,
  num  bigint NOT NULL,
  data jsonb NOT NULL,
  seq  bigint NOT NULL          -- the change that last wrote it
);
CREATE INDEX IF NOT EXISTS records_order ON accord.records (tag, num);

CREATE TABLE IF NOT EXISTS accord.refs (
  target text NOT NULL,
  source text NOT NULL,
  PRIMARY KEY (target, source)
);
CREATE INDEX IF NOT EXISTS refs_source ON accord.refs (source);

CREATE TABLE IF NOT EXISTS accord.due (
  id   text NOT NULL,
  slot smallint NOT NULL,
  date date,
  tag  smallint NOT NULL,
  num  bigint NOT NULL,
  PRIMARY KEY (id, slot)
);
CREATE INDEX IF NOT EXISTS due_order ON accord.due (date, tag, num, slot);

CREATE TABLE IF NOT EXISTS accord.expiry (
  id   text PRIMARY KEY,
  date date NOT NULL,
  tag  smallint NOT NULL,
  num  bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS expiry_order ON accord.expiry (date, tag, num);

CREATE TABLE IF NOT EXISTS accord.history (
  seq       bigint PRIMARY KEY,
  change_id text UNIQUE,
  author    text,
  at        timestamptz NOT NULL,
  summary   text NOT NULL,
  changes   jsonb NOT NULL,
  undoes    bigint,
  undone_by bigint
);
CREATE INDEX IF NOT EXISTS history_author ON accord.history (author, seq);

CREATE TABLE IF NOT EXISTS accord.history_records (
  id  text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (id, seq)
);

-- Display names of staff logins, set by an admin.
CREATE TABLE IF NOT EXISTS accord.staff (
  login        text PRIMARY KEY,
  display_name text NOT NULL
);
-- Where each login's digest goes and in which language (added later:
-- idempotent for databases made before).
ALTER TABLE accord.staff ADD COLUMN IF NOT EXISTS email text;
ALTER TABLE accord.staff ADD COLUMN IF NOT EXISTS lang text;

-- The index rows of records written (in apply_change's shape); the client
-- computes them with the same code as the personal database. Internal: only
-- the functions below call it.
CREATE OR REPLACE FUNCTION accord.write_indexes(p_rows jsonb)
RETURNS void
LANGUAGE sql SET search_path = accord, pg_temp AS $fn$
  INSERT INTO accord.refs (target, source)
  SELECT DISTINCT t.target, c.id
    FROM jsonb_to_recordset(p_rows) AS c(id text, refs jsonb, after jsonb),
         jsonb_array_elements_text(coalesce(c.refs, '[]')) AS t(target)
  ON CONFLICT DO NOTHING;
  INSERT INTO accord.due (id, slot, date, tag, num)
  SELECT c.id, (d->>'slot')::smallint, (d->>'date')::date, c.tag, c.num
    FROM jsonb_to_recordset(p_rows) AS c(id text, tag smallint, num bigint, due jsonb),
         jsonb_array_elements(coalesce(c.due, '[]')) AS d;
  INSERT INTO accord.expiry (id, date, tag, num)
  SELECT c.id, c.expiry, c.tag, c.num
    FROM jsonb_to_recordset(p_rows) AS c(id text, tag smallint, num bigint, expiry date)
   WHERE c.expiry IS NOT NULL;
$fn$;

-- One change, in one transaction. p_changes is an array of
--   {id, kind, tag, num, ver, fresh, before, after, refs, due, expiry}
-- where ver is the change that last wrote the record as the client read it
-- (null: it did not exist). New records carry ids reserved beforehand with
-- accord.reserve_ids, so two people creating at once never collide.
-- SQLSTATEs: AC000 resent while the first attempt was committing (call
-- again), AC001 the undone change is not undoable, AC002 a record changed
-- since it was read (resolve again), AC003 a reference to a missing record,
-- AC004 a deleted record still referred to.
CREATE OR REPLACE FUNCTION accord.apply_change(
  p_change_id text, p_summary text, p_changes jsonb, p_counters jsonb, p_undoes bigint)
RETURNS TABLE (seq bigint, at timestamptz, author text, repeated boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = accord, pg_temp
-- Its plans are cached per session, perhaps while the tables were small:
-- never let one of them scan a whole table where an index serves.
SET enable_seqscan = off AS $fn$
DECLARE
  v_seq bigint;
  v_at  timestamptz := now();
  v_who text := session_user;
  v_bad text;
  -- The ids as arrays: every statement below then uses the indexes, as
  -- fast with a million records as with a hundred.
  v_ids text[];
  v_gone text[];
BEGIN
  SELECT h.seq INTO v_seq FROM accord.history h WHERE h.change_id = p_change_id;
  IF FOUND THEN
    RETURN QUERY SELECT h.seq, h.at, h.author, true FROM accord.history h WHERE h.seq = v_seq;
    RETURN;
  END IF;

  UPDATE accord.seq s SET v = s.v + 1 WHERE s.one RETURNING s.v INTO v_seq;
  IF EXISTS (SELECT 1 FROM accord.history h WHERE h.change_id = p_change_id) THEN
    RAISE EXCEPTION 'change % was resent', p_change_id USING ERRCODE = 'AC000';
  END IF;

  IF p_undoes IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM accord.history h
       WHERE h.seq = p_undoes AND h.undoes IS NULL AND h.undone_by IS NULL) THEN
    RAISE EXCEPTION 'change % cannot be undone any more', p_undoes USING ERRCODE = 'AC001';
  END IF;

  SELECT coalesce(array_agg(c.id), '{}'),
         coalesce(array_agg(c.id) FILTER (WHERE c.after IS NULL OR jsonb_typeof(c.after) = 'null'), '{}')
    INTO v_ids, v_gone
    FROM jsonb_to_recordset(p_changes) AS c(id text, after jsonb);

  SELECT c.id INTO v_bad
    FROM jsonb_to_recordset(p_changes) AS c(id text, ver bigint)
    LEFT JOIN (SELECT r.id, r.seq FROM accord.records r WHERE r.id = ANY(v_ids)) r ON r.id = c.id
   WHERE r.seq IS DISTINCT FROM c.ver
   LIMIT 1;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION '%', v_bad USING ERRCODE = 'AC002';
  END IF;
  DELETE FROM accord.refs f WHERE f.source = ANY(v_ids);
  DELETE FROM accord.due d WHERE d.id = ANY(v_ids);
  DELETE FROM accord.expiry e WHERE e.id = ANY(v_ids);
  DELETE FROM accord.records r WHERE r.id = ANY(v_gone);
  INSERT INTO accord.records (id, tag, num, data, seq)
  SELECT c.id, c.tag, c.num, c.after, v_seq
    FROM jsonb_to_recordset(p_changes) AS c(id text, tag smallint, num bigint, after jsonb)
   WHERE c.after IS NOT NULL AND jsonb_typeof(c.after) <> 'null'
  ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, seq = EXCLUDED.seq;
  PERFORM accord.write_indexes(p_changes);

  SELECT c.id || ' ' || t.target INTO v_bad
    FROM jsonb_to_recordset(p_changes) AS c(id text, refs jsonb, after jsonb),
         jsonb_array_elements_text(coalesce(c.refs, '[]')) AS t(target)
   WHERE c.after IS NOT NULL AND jsonb_typeof(c.after) <> 'null'
     AND NOT EXISTS (SELECT 1 FROM accord.records r WHERE r.id = t.target)
   LIMIT 1;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION '%', v_bad USING ERRCODE = 'AC003';
  END IF;
  SELECT f.target || ' ' || f.source INTO v_bad
    FROM accord.refs f
   WHERE f.target = ANY(v_gone)
   LIMIT 1;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION '%', v_bad USING ERRCODE = 'AC004';
  END IF;

  INSERT INTO accord.counters (kind, n)
  SELECT key, value::bigint FROM jsonb_each_text(coalesce(p_counters, '{}'))
  ON CONFLICT (kind) DO UPDATE SET n = greatest(accord.counters.n, EXCLUDED.n);

  INSERT INTO accord.history (seq, change_id, author, at, summary, changes, undoes)
  SELECT v_seq, p_change_id, v_who, v_at, p_summary,
         coalesce(jsonb_agg(jsonb_build_object('id', x->'id', 'before', x->'before', 'after', x->'after')
                            ORDER BY ord), '[]'),
         p_undoes
    FROM jsonb_array_elements(p_changes) WITH ORDINALITY AS e(x, ord);
  INSERT INTO accord.history_records (id, seq)
  SELECT DISTINCT c.id, v_seq FROM jsonb_to_recordset(p_changes) AS c(id text);
  IF p_undoes IS NOT NULL THEN
    UPDATE accord.history h SET undone_by = v_seq WHERE h.seq = p_undoes;
  END IF;

  PERFORM pg_notify('accord_changes', v_seq::text);
  RETURN QUERY SELECT v_seq, v_at, v_who, false;
END
$fn$;

-- Reserves p_count new ids of one letter; returns the number before them
-- (the first reserved id is that + 1). Its own short transaction: a
-- reservation never waits for a colleague's change.
CREATE OR REPLACE FUNCTION accord.reserve_ids(p_kind text, p_count integer)
RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = accord, pg_temp AS $fn$
  INSERT INTO accord.counters AS k (kind, n) VALUES (p_kind, p_count)
  ON CONFLICT (kind) DO UPDATE SET n = k.n + EXCLUDED.n
  RETURNING n - p_count;
$fn$;

-- Replaces everything with a backup: p_records in the shape of
-- apply_change's changes (only id, kind, tag, num, after, refs, due, expiry),
-- p_history the backup's entries as they are. Refused on a database that
-- holds records unless p_force.
CREATE OR REPLACE FUNCTION accord.restore(
  p_records jsonb, p_history jsonb, p_counters jsonb, p_force boolean)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = accord, pg_temp AS $fn$
DECLARE
  v_seq bigint;
BEGIN
  PERFORM 1 FROM accord.seq FOR UPDATE;
  IF NOT p_force AND EXISTS (SELECT 1 FROM accord.records) THEN
    RAISE EXCEPTION 'not empty' USING ERRCODE = 'AC005';
  END IF;
  DELETE FROM accord.records; DELETE FROM accord.refs; DELETE FROM accord.due;
  DELETE FROM accord.expiry; DELETE FROM accord.history; DELETE FROM accord.history_records;
  DELETE FROM accord.counters;
  SELECT coalesce(max((h->>'seq')::bigint), 0) INTO v_seq FROM jsonb_array_elements(p_history) AS h;
  INSERT INTO accord.records (id, tag, num, data, seq)
  SELECT c.id, c.tag, c.num, c.after, v_seq
    FROM jsonb_to_recordset(p_records) AS c(id text, tag smallint, num bigint, after jsonb);
  PERFORM accord.write_indexes(p_records);
  INSERT INTO accord.history (seq, author, at, summary, changes, undoes, undone_by)
  SELECT (h->>'seq')::bigint, h->>'author', (h->>'at')::timestamptz, h->>'summary',
         coalesce(h->'changes', '[]'), (h->>'undoes')::bigint, (h->>'undone_by')::bigint
    FROM jsonb_array_elements(p_history) AS h;
  INSERT INTO accord.history_records (id, seq)
  SELECT DISTINCT c->>'id', (h->>'seq')::bigint
    FROM jsonb_array_elements(p_history) AS h,
         jsonb_array_elements(coalesce(h->'changes', '[]')) AS c;
  INSERT INTO accord.counters (kind, n)
  SELECT key, value::bigint FROM jsonb_each_text(coalesce(p_counters, '{}'));
  UPDATE accord.seq SET v = v_seq;
  UPDATE accord.meta SET value = (1 + floor(random() * 9.0e18))::bigint::text WHERE key = 'instance';
  PERFORM pg_notify('accord_changes', v_seq::text);
  RETURN v_seq;
END
$fn$;

-- Sets the name shown for a staff login (admins only: not granted to staff).
CREATE OR REPLACE FUNCTION accord.set_display_name(p_login text, p_name text)
RETURNS void LANGUAGE sql SET search_path = accord, pg_temp AS $fn$
  INSERT INTO accord.staff (login, display_name) VALUES (p_login, p_name)
  ON CONFLICT (login) DO UPDATE SET display_name = EXCLUDED.display_name;
$fn$;

-- Sets a login's name, digest address and language (admins only: not
-- granted to staff).
CREATE OR REPLACE FUNCTION accord.set_staff(p_login text, p_name text, p_email text, p_lang text)
RETURNS void LANGUAGE sql SET search_path = accord, pg_temp AS $fn$
  INSERT INTO accord.staff (login, display_name, email, lang)
  VALUES (p_login, p_name, p_email, p_lang)
  ON CONFLICT (login) DO UPDATE
    SET display_name = EXCLUDED.display_name, email = EXCLUDED.email, lang = EXCLUDED.lang;
$fn$;

-- The staff: every login that is a member of accord_user, with its name
-- (and, after the name, where its digest goes).
CREATE OR REPLACE VIEW accord.staff_members AS
SELECT r.rolname::text AS login, coalesce(s.display_name, r.rolname::text) AS display_name,
       s.email, s.lang
  FROM pg_roles r
  JOIN pg_auth_members m ON m.member = r.oid
  JOIN pg_roles g ON g.oid = m.roleid AND g.rolname = 'accord_user'
  LEFT JOIN accord.staff s ON s.login = r.rolname
 WHERE r.rolcanlogin;

REVOKE ALL ON ALL TABLES IN SCHEMA accord FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA accord FROM PUBLIC;
GRANT USAGE ON SCHEMA accord TO accord_user;
GRANT SELECT ON ALL TABLES IN SCHEMA accord TO accord_user;
GRANT EXECUTE ON FUNCTION accord.apply_change(text, text, jsonb, jsonb, bigint) TO accord_user;
GRANT EXECUTE ON FUNCTION accord.reserve_ids(text, integer) TO accord_user;
GRANT EXECUTE ON FUNCTION accord.restore(jsonb, jsonb, jsonb, boolean) TO accord_user;
