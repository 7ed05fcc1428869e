//! `accord search QUERY`: find any record in any script.

use std::io::IsTerminal;

use clap::Args;

use super::table::Table;
use super::{CmdResult, Context, Failure, print_json};
use crate::model::Kind;
use crate::search::{SearchIndex, SearchOptions};

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

pub fn run(ctx: &Context, a: SearchArgs) -> CmdResult {
    let kinds = match &a.kind {
        Some(k) => Some(vec![Kind::parse(k).ok_or_else(|| {
            Failure::from(format!(
                "--kind '{k}' is not one of: institution, contact, partnership, agreement, action, followup, note"
            ))
        })?]),
        None => None,
    };
    let query = a.query.join(" ");
    let index = SearchIndex::from_store(ctx.store.as_ref())?;
    let options = SearchOptions {
        kinds,
        limit: a.limit.max(1),
        exact_total: true,
    };
    let results = index.search(&query, &options);
    if a.json {
        return print_json(&results.hits);
    }
    if results.hits.is_empty() {
        println!("Nothing matches “{}”.", crate::text::clean(&query));
        return Ok(());
    }
    let mut t = Table::new(&["ID", "Kind", "Title", "Matched"]);
    for h in &results.hits {
        let also = h.also.first().map(|m| m.text.clone()).unwrap_or_default();
        t.row(vec![
            h.id.to_string(),
            h.kind.name().to_string(),
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
    print!("{text}");
    if results.total > results.hits.len() {
        println!(
            "{} of {} matches; --limit shows more.",
            results.hits.len(),
            results.total
        );
    }
    Ok(())
}
