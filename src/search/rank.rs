//! Scoring one record against a query, and turning the best records into
//! hits with highlights.

use std::cmp::Ordering;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::arena::{Arena, View};
use super::derive::derive;
use super::entry::{Field, Span};
use super::index::Hot;
use super::query::{Query, Spelling, Term, Tier, find_run, is_subsequence, scatter};
use super::sift::NO_HINT;
use super::{FieldMatch, Hit};

/// Where a term matched best.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Location {
    /// Index of the record's spelling that matched.
    pub span: u32,
    /// Which spelling of the term matched.
    pub spelling: u8,
    pub tier: Tier,
    /// Start, in characters of the spelling, of a contiguous match.
    pub pos: u32,
}

/// How well a record matched, in the order results are shown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub slot: u32,
    /// The query is this record's id.
    pub id_first: bool,
    /// Sum over terms of tier points weighted by field.
    pub class: i32,
    pub open: bool,
    /// Finer grain within a class: coverage, position, fuzzy score.
    pub fine: i32,
    /// Days since the common era of the record's date, or `i32::MIN`.
    pub recency: i32,
    pub number: u32,
    pub kind: u8,
}

impl Scored {
    /// Best first.
    pub fn order(a: &Scored, b: &Scored) -> Ordering {
        b.id_first
            .cmp(&a.id_first)
            .then(b.class.cmp(&a.class))
            .then(b.open.cmp(&a.open))
            .then(b.fine.cmp(&a.fine))
            .then(b.recency.cmp(&a.recency))
            .then(b.number.cmp(&a.number))
            .then(a.kind.cmp(&b.kind))
    }

    /// An unscored record (for an empty query): open and recent first.
    pub fn plain(slot: u32, h: &Hot) -> Scored {
        Scored {
            slot,
            id_first: false,
            class: 0,
            open: h.open(),
            fine: 0,
            recency: h.recency,
            number: h.id().n,
            kind: h.id().kind as u8,
        }
    }

    /// One number for scripts: higher is better.
    pub fn score(&self) -> i64 {
        i64::from(self.id_first) * 1_000_000_000
            + i64::from(self.class) * 10_000
            + i64::from(self.fine.clamp(0, 9_999))
    }
}

/// Scores the record in `slot`; `None` when some term does not match.
/// `locations` receives where each term matched best. Scattered matches
/// are scored by SkimMatcherV2 when `skim` is given, by a quick greedy
/// score otherwise (while sifting many records).
pub(crate) fn score(
    arena: &Arena,
    slot: u32,
    h: &Hot,
    q: &Query,
    skim: Option<&SkimMatcherV2>,
    locations: &mut Vec<Location>,
) -> Option<Scored> {
    let view = arena.view(&h.place);
    let spans = view.spans;
    locations.clear();
    let (mut class, mut fine) = (0i32, 0i32);
    for term in &q.terms {
        let mut best: Option<(i32, i32, Location)> = None;
        for (i, d) in spans.iter().enumerate() {
            let (m, mask) = (d.mask(), d.all);
            let Some(cap) = term
                .spellings
                .iter()
                .filter(|sp| sp.mask & !mask == 0)
                .map(|sp| m.cap(sp.head))
                .max()
            else {
                continue;
            };
            let weight = d.kind().weight();
            if let Some((c, _, loc)) = &best {
                // Nothing here can beat what was found.
                if *c > cap * weight / 100 || (d.alt() && loc.tier.is_contiguous()) {
                    continue;
                }
            }
            for (si, sp) in term.spellings.iter().enumerate() {
                if !may_hold(d, sp) {
                    continue;
                }
                let text = view.span_text(d);
                if let Some((tier, pos)) = find_run(text, &sp.text) {
                    let c = tier.points() * weight / 100;
                    let length = if text.is_ascii() {
                        text.len()
                    } else {
                        text.chars().count()
                    };
                    let coverage = (sp.chars as usize * 1000 / length.max(1)) as i32;
                    let early = 100 - pos.min(100) as i32;
                    let loc = Location {
                        span: i as u32,
                        spelling: si as u8,
                        tier,
                        pos,
                    };
                    keep(&mut best, c, coverage + early, loc);
                }
            }
        }
        if best.is_none() {
            for (i, d) in spans.iter().enumerate() {
                let mask = d.all;
                if term.spellings.iter().all(|sp| sp.mask & !mask != 0) || d.alt() {
                    continue;
                }
                for (si, sp) in term.spellings.iter().enumerate() {
                    if !may_hold(d, sp) {
                        continue;
                    }
                    let text = view.span_text(d);
                    // The class comes from the quick placement, so that it is
                    // the same while sifting and when scoring the best.
                    let Some((quick, compact)) = scatter(text, &sp.text) else {
                        continue;
                    };
                    let quality = match skim {
                        Some(skim) => skim.fuzzy_match(text, &sp.text).unwrap_or(0),
                        None => i64::from(quick),
                    };
                    let loc = Location {
                        span: i as u32,
                        spelling: si as u8,
                        tier: Tier::Scattered,
                        pos: 0,
                    };
                    // Letters strewn over a long text say little.
                    let points = if compact { Tier::Scattered.points() } else { 3 };
                    let c = points * d.kind().weight() / 100;
                    keep(&mut best, c, quality.clamp(0, 1000) as i32, loc);
                }
            }
        }
        let (c, f, loc) = best?;
        class += c;
        fine += f;
        locations.push(loc);
    }
    if q.terms.len() > 1 {
        class += phrase_bonus(arena, h, &q.key);
    }
    Some(Scored {
        slot,
        id_first: q.id == Some(h.id()),
        class,
        open: h.open(),
        fine,
        recency: h.recency,
        number: h.id().n,
        kind: h.id().kind as u8,
    })
}

/// Whether every term of `q` from the `from`-th on matches the record:
/// as a run in some spelling, or scattered in a usual spelling (not in an
/// alternative reading). Agrees with [`score`] returning `Some`. When it
/// does, gives the spelling in which the last term matched.
pub(crate) fn matches(arena: &Arena, h: &Hot, q: &Query, from: usize) -> Option<u16> {
    let view = arena.view(&h.place);
    let spans = view.spans;
    let mut hint = NO_HINT;
    for term in q.terms.iter().skip(from) {
        let found = (0..spans.len())
            .find(|&i| !is_alt(&view, i) && fits(&view, term, i))
            .or_else(|| (0..spans.len()).find(|&i| is_alt(&view, i) && fits(&view, term, i)))?;
        hint = found as u16;
    }
    Some(hint)
}

/// Whether `term` matches the record's spelling `i` (the hint of an
/// earlier keystroke).
pub(crate) fn matches_in(arena: &Arena, h: &Hot, term: Option<&Term>, i: u16) -> bool {
    term.is_some_and(|t| fits(&arena.view(&h.place), t, usize::from(i)))
}

/// The first usual spelling holding the (single) character of `term`.
pub(crate) fn span_with(arena: &Arena, h: &Hot, term: Option<&Term>) -> u16 {
    let Some(sp) = term.and_then(|t| t.spellings.first()) else {
        return NO_HINT;
    };
    arena
        .spans(&h.place)
        .iter()
        .position(|d| sp.mask & !d.all == 0 && !d.alt())
        .map_or(NO_HINT, |i| i as u16)
}

fn is_alt(view: &View<'_>, i: usize) -> bool {
    view.spans.get(i).is_some_and(|d| d.alt())
}

/// Whether `term` matches spelling `i`: scattered, or as a run in an
/// alternative reading. Reads the spelling only when its mask allows.
fn fits(view: &View<'_>, term: &Term, i: usize) -> bool {
    let Some(d) = view.spans.get(i) else {
        return false;
    };
    if !term.spellings.iter().any(|sp| may_hold(d, sp)) {
        return false;
    }
    let text = view.span_text(d);
    term.spellings.iter().any(|sp| {
        may_hold(d, sp)
            && if d.alt() {
                find_run(text, &sp.text).is_some()
            } else {
                is_subsequence(text, &sp.text)
            }
    })
}

/// Whether spelling `sp` of a term may occur in span `d`: its characters
/// are in the span's mask, and the span has at least as many bytes as the
/// term has characters (a long term is ruled out of short names without
/// reading them, so its cost does not grow with every record).
fn may_hold(d: &Span, sp: &Spelling) -> bool {
    sp.mask & !d.all == 0 && d.bytes() >= sp.chars
}

fn keep(best: &mut Option<(i32, i32, Location)>, class: i32, fine: i32, loc: Location) {
    if best.is_none_or(|(c, f, _)| (class, fine) > (c, f)) {
        *best = Some((class, fine, loc));
    }
}

/// Extra points when the whole query, spaces included, appears in one of
/// the record's own names ("national cancer center").
fn phrase_bonus(arena: &Arena, h: &Hot, phrase: &str) -> i32 {
    let mut best = 0;
    let own = arena
        .spans(&h.place)
        .iter()
        .take(usize::from(h.place.own_spans));
    for d in own {
        if !matches!(d.kind(), Field::Title | Field::Name | Field::ShortName) {
            continue;
        }
        let points = match find_run(arena.span_text(&h.place, d), phrase) {
            Some((Tier::Exact, _)) => 100,
            Some((Tier::PrefixWord | Tier::Prefix, _)) => 60,
            Some((Tier::Word | Tier::WordStart, _)) => 40,
            Some(_) => 20,
            None => 0,
        };
        best = best.max(points);
    }
    best
}

/// Builds the hit for a scored record: its title, the characters of the
/// title to highlight, and the other fields that matched.
pub(crate) fn hit(
    arena: &Arena,
    h: &Hot,
    s: &Scored,
    q: &Query,
    skim: &SkimMatcherV2,
    locations: &[Location],
) -> Option<Hit> {
    let r = &h.place;
    let spans = arena.spans(r);
    let mut hit = Hit {
        id: h.id(),
        kind: h.id().kind,
        title: arena.field_text(r, 0).to_string(),
        score: s.score(),
        open: h.open(),
        highlights: Vec::new(),
        also: Vec::new(),
    };
    let mut spelled = String::new();
    let mut map = Vec::new();
    let mut positions = Vec::new();
    for (term, loc) in q.terms.iter().zip(locations) {
        let Some(d) = spans.get(loc.span as usize) else {
            continue;
        };
        let Some(sp) = term.spellings.get(usize::from(loc.spelling)) else {
            continue;
        };
        let original = arena.field_text(r, usize::from(d.field));
        spelled.clear();
        map.clear();
        derive(original, d.variant(), &mut spelled, Some(&mut map));
        positions.clear();
        if loc.tier.is_contiguous() {
            positions.extend(loc.pos as usize..(loc.pos + sp.chars) as usize);
        } else if let Some((_, at)) = skim.fuzzy_indices(arena.span_text(r, d), &sp.text) {
            positions.extend(at);
        }
        let marks = positions.iter().filter_map(|&p| map.get(p).copied());
        if d.field == 0 {
            hit.highlights.extend(marks);
            continue;
        }
        let at = hit
            .also
            .iter()
            .position(|m| m.field == d.kind() && m.text == original);
        let m = match at {
            Some(i) => &mut hit.also[i],
            None => {
                hit.also.push(FieldMatch {
                    field: d.kind(),
                    text: original.to_string(),
                    highlights: Vec::new(),
                });
                hit.also.last_mut()?
            }
        };
        m.highlights.extend(marks);
    }
    hit.highlights.sort_unstable();
    hit.highlights.dedup();
    for m in &mut hit.also {
        m.highlights.sort_unstable();
        m.highlights.dedup();
    }
    Some(hit)
}
