//! `accord search QUERY`: find any record in any script.

use std::io::IsTerminal;

use clap::Args;

use super::table::Table;
use super::{CmdResult, Context, Failure, print_json};
use crate::model::Kind;
use crate::search::{Rebuilt, Results, SearchOptions, cache};
use crate::store::Version;

/// What the reader started by [`prefetch`] brings back: the saved index,
/// and the results of the query over it with the store version they
/// reflect (the answer, if the store turns out to be at that version).
pub struct Prefetched {
    saved: Result<cache::Saved, Rebuilt>,
    results: Option<(Version, Results)>,
}

pub type Prefetch = std::thread::JoinHandle<Prefetched>;

/// Starts reading the search cache of the database at `db`, and searching
/// it, on another thread while the store opens (opening takes about as
/// long); an index a few changes behind a closed database is first caught
/// up from the changes kept beside it. Whether the results are current is
/// decided once the store is open.
pub fn prefetch(db: &std::path::Path, a: &SearchArgs) -> Option<Prefetch> {
    let dir = db.to_path_buf();
    let job = options(a).ok().map(|o| (a.query.join(" "), o));
    std::thread::Builder::new()
        .name("accord-cache".into())
        .spawn(move || {
            let mut saved = cache::read_briefly(&dir);
            // Searched ahead only when the index is (or is brought) up to
            // the database as it stands, when that is known without opening
            // it; an index still behind is caught up by the store and
            // searched once that is done.
            let now = crate::store::quiet::current_version(&dir);
            let current = match (&mut saved, now) {
                (Ok(s), Some(now)) => cache::catch_up_quietly(&dir, s, now),
                (Ok(_), None) => true,
                (Err(_), _) => false,
            };
            let results = match (&saved, &job) {
                (Ok(s), Some((query, options))) if current => {
                    Some((s.version, s.index.search(query, options)))
                }
                _ => None,
            };
            Prefetched { saved, results }
        })
        .ok()
}

#[derive(Args, Debug)]
#[command(
    after_help = "Latin letters find Chinese names by pinyin and initials (shougang, sgyy → 北京大学首钢医院) \
and Cyrillic names by transliteration (kazakh, qazaq); several words must all match (mongolia cancer)."
)]
pub struct SearchArgs {
    /// What to look for
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    /// Only records of this kind: institution, contact, partnership, agreement, action, followup or note
    #[arg(long)]
    kind: Option<String>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print a JSON array (id, kind, title, score, highlights…), best first
    #[arg(long)]
    json: bool,
}

/// `title` with the highlighted characters in bold, for a terminal.
fn emphasise(title: &str, highlights: &[usize]) -> String {
    let mut out = String::new();
    for (i, c) in title.chars().enumerate() {
        if highlights.binary_search(&i).is_ok() {
            out.push_str("\x1b[1m");
            out.push(c);
            out.push_str("\x1b[0m");
        } else {
            out.push(c);
        }
    }
    out
}

fn options(a: &SearchArgs) -> Result<SearchOptions, Failure> {
    let kinds = match &a.kind {
        Some(k) => Some(vec![Kind::parse(k).ok_or_else(|| {
            Failure::from(rust_i18n::t!("cli.bad_kind", kind = k).into_owned())
        })?]),
        None => None,
    };
    Ok(SearchOptions {
        kinds,
        limit: a.limit.max(1),
        exact_total: true,
    })
}

pub fn run(ctx: &Context, a: SearchArgs, prefetched: Option<Prefetch>) -> CmdResult {
    let options = options(&a)?;
    let query = a.query.join(" ");
    if query.trim().is_empty() {
        return Err(rust_i18n::t!("cli.search.empty").into_owned().into());
    }
    let (saved, early) = match prefetched.map(|p| p.join()) {
        Some(Ok(p)) => (p.saved, p.results),
        // Not read ahead (or the reader failed): read it now.
        _ => match ctx.store.directory() {
            Some(dir) => (cache::read_briefly(&dir), None),
            None => (Err(Rebuilt::Missing), None),
        },
    };
    let loaded = cache::bring_up_to_date(ctx.store.as_ref(), saved)?;
    let results = match early {
        // The index searched ahead was current.
        Some((version, results)) if version == loaded.version() => results,
        _ => loaded.index.search(&query, &options),
    };
    show(&query, &results, a.json)?;
    // Saved after answering. The process ends here: its exit frees the
    // index at once, faster than dropping it piece by piece.
    loaded.save(ctx.store.as_ref());
    std::mem::forget(loaded);
    Ok(())
}

/// The sentence saying that only the beginning of a long query was searched.
pub fn shortened_note() -> String {
    rust_i18n::t!(
        "search.shortened",
        chars = crate::search::MAX_QUERY_CHARS,
        words = crate::search::MAX_QUERY_WORDS
    )
    .into_owned()
}

/// Prints the results, as a table or JSON.
fn show(query: &str, results: &Results, json: bool) -> CmdResult {
    if results.shortened {
        // On stderr, so that JSON on stdout stays whole.
        eprintln!("{}", shortened_note());
    }
    if json {
        return print_json(&results.hits);
    }
    if results.hits.is_empty() {
        let query = crate::text::clean(query);
        outln!("{}", rust_i18n::t!("search.none", query = query));
        return Ok(());
    }
    let mut t = Table::headed(&["id", "kind", "title", "matched"]);
    for h in &results.hits {
        let also = h.also.first().map(|m| m.text.clone()).unwrap_or_default();
        t.row(vec![
            h.id.to_string(),
            crate::i18n::text(&format!("kind.{}", h.kind.name())),
            h.title.clone(),
            also,
        ]);
    }
    let mut text = t.render();
    // Bold the matched characters when writing to a terminal (and colour is welcome).
    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        for h in &results.hits {
            let plain = crate::text::truncate_to_width(&crate::text::clean(&h.title), 48);
            if plain == crate::text::clean(&h.title) {
                text = text.replacen(
                    &format!("  {plain}"),
                    &format!("  {}", emphasise(&plain, &h.highlights)),
                    1,
                );
            }
        }
    }
    out!("{text}");
    if results.total > results.hits.len() {
        outln!(
            "{}",
            rust_i18n::t!(
                "search.cli_more",
                shown = results.hits.len(),
                total = results.total
            )
        );
    }
    Ok(())
}
