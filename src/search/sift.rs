//! Running a query over the index: sifting records with quick scores,
//! then scoring and highlighting the best few.

use std::sync::atomic::{AtomicI32, Ordering as AtomicOrdering};

use super::index::{Hot, SearchIndex};
use super::query::Query;
use super::rank::{self, Scored};
use super::{Results, SearchOptions};

/// A record's slot and a hint: the spelling in which the query's last
/// term matched, to try first when the term grows by a keystroke.
pub(crate) type Candidate = (u32, u16);

/// No hint.
pub(crate) const NO_HINT: u16 = u16::MAX;

/// Below this many records a search runs on one thread.
const PARALLEL_FROM: usize = 16_384;

/// How many records ahead of the one scored their memory is asked for.
const PREFETCH: usize = 8;

/// Records a thread takes at a time.
const BLOCK: usize = 1024;

/// The records an earlier query matched, when this query extends it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Narrowing<'a> {
    pub candidates: &'a [Candidate],
    /// How many leading terms are the earlier query's (known to match).
    pub verified: usize,
    /// Whether the hints are about this query's last term (it extends the
    /// earlier query's last term).
    pub hints: bool,
}

/// What one pass over some records found.
#[derive(Debug, Default)]
struct Sifted {
    top: Vec<Scored>,
    /// Records that match, and (see `unchecked`) some that may.
    matched: Vec<Candidate>,
    /// How many of `matched` were not checked: they cannot rank among the
    /// hits, and the options did not ask for an exact total.
    unchecked: usize,
}

impl SearchIndex {
    /// Runs `q` over every record, or over the records of `narrowing`;
    /// returns the results and every record that matched.
    ///
    /// Records are sifted with quick scores, keeping the best `limit`; a
    /// record whose masks show it cannot reach the worst of those is only
    /// checked for a match (to count it). The few kept are then scored
    /// again with SkimMatcherV2 for scattered matches, and highlighted.
    pub(crate) fn run(
        &self,
        q: &Query,
        options: &SearchOptions,
        narrowing: Option<Narrowing<'_>>,
    ) -> (Results, Vec<Candidate>) {
        let count = narrowing.map_or(self.hot.len(), |n| n.candidates.len());
        let threads = if count >= PARALLEL_FROM {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(4)
        } else {
            1
        };
        // Threads take blocks in turn, so that each sees every kind of
        // record, and share the cut: any thread's best `limit` bound the
        // final ones from below.
        let shared = AtomicI32::new(if options.limit == 0 {
            i32::MAX
        } else {
            i32::MIN
        });
        let step = threads.max(1);
        let sift_part = |i: usize| match narrowing {
            Some(n) => {
                let blocks = n.candidates.chunks(BLOCK).skip(i).step_by(step);
                let items = blocks.flatten().copied();
                self.sift(q, options, items, n.verified, n.hints, &shared)
            }
            None => {
                let blocks = (0..count).step_by(BLOCK).skip(i).step_by(step);
                let slots = blocks.flat_map(|b| b as u32..(b + BLOCK).min(count) as u32);
                self.sift(q, options, slots.map(|s| (s, NO_HINT)), 0, false, &shared)
            }
        };
        let parts: Vec<Sifted> = if threads <= 1 {
            vec![sift_part(0)]
        } else {
            std::thread::scope(|scope| {
                let jobs: Vec<_> = (1..threads)
                    .map(|i| scope.spawn(move || sift_part(i)))
                    .collect();
                let mut parts = vec![sift_part(0)];
                for job in jobs {
                    parts.push(job.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                }
                parts
            })
        };
        let mut top = Vec::new();
        let mut matched = Vec::with_capacity(parts.iter().map(|p| p.matched.len()).sum());
        let mut unchecked = 0;
        for p in parts {
            top.extend(p.top);
            matched.extend(p.matched);
            unchecked += p.unchecked;
        }
        trim(&mut top, options.limit);
        let hits = self.hits(q, &top);
        let results = Results {
            hits,
            total: matched.len() - unchecked,
            total_exact: unchecked == 0,
            shortened: q.shortened,
        };
        (results, matched)
    }

    /// Sifts `items`: records are scored best bound first, so that the
    /// cut (the class of the worst of the best `limit` so far, shared by
    /// the threads) rises early; once no record left can reach it, the
    /// rest are only checked for a match, in record order.
    fn sift(
        &self,
        q: &Query,
        options: &SearchOptions,
        items: impl Iterator<Item = Candidate>,
        verified: usize,
        hints: bool,
        cut: &AtomicI32,
    ) -> Sifted {
        let kinds = kind_mask(options.kinds.as_deref());
        let limit = options.limit;
        // Found once: the entries may lie in a mapped file.
        let hot = self.hot.halves();
        let mut out = Sifted::default();
        // The records that pass the masks, with the most they can score.
        let mut open: Vec<(u32, u16, i32)> = Vec::new();
        for (slot, hint) in items {
            let Some(h) = hot.get(slot as usize) else {
                continue;
            };
            if !h.present() || kinds & (1 << h.id().kind as u8) == 0 || !q.may_match(h.masks.all) {
                continue;
            }
            if q.is_empty() {
                out.matched.push((slot, NO_HINT));
                out.top.push(Scored::plain(slot, h));
                continue;
            }
            let bound = if q.id == Some(h.id()) {
                i32::MAX
            } else {
                q.bound(&h.masks)
            };
            open.push((slot, hint, bound));
        }
        if q.is_empty() {
            return out;
        }
        let keep = (limit * 2).max(64);
        // This thread's worst of its best `limit`, once it has them.
        let mut worst: Option<Scored> = None;
        let finest = Finest::of(q);
        // Per open record: not known yet, or matched (with this hint) or not.
        let mut decided: Vec<Option<Option<u16>>> = vec![None; open.len()];
        let mut locations = Vec::new();
        let order = best_bound_first(&open);
        for (j, &i) in order.iter().enumerate() {
            // Records are scored in bound order, scattered over the
            // entries and the arena: ask for the memory a few ahead.
            if let Some(&(ahead, _, _)) = order.get(j + PREFETCH).and_then(|&a| open.get(a)) {
                // The part scoring reads: where its data is, its id and flags.
                prefetch(hot.get(ahead as usize).map(|h| &h.place));
            }
            if let Some(h) = order
                .get(j + PREFETCH / 2)
                .and_then(|&a| open.get(a))
                .and_then(|&(a, _, _)| hot.get(a as usize))
            {
                self.arena.prefetch(&h.place);
            }
            let Some(&(slot, _, bound)) = open.get(i) else {
                continue;
            };
            if bound < cut.load(AtomicOrdering::Relaxed) {
                break;
            }
            let Some(h) = hot.get(slot as usize) else {
                continue;
            };
            // Records tie by the thousand at the cut: one that, with all
            // the points its masks allow and the finest grain its names
            // allow, still ranks below the worst kept is not scored.
            if let Some(worst) = &worst
                && Scored::order(&finest.best(slot, h, q, bound), worst).is_gt()
            {
                continue;
            }
            let found = rank::score(&self.arena, slot, h, q, None, &mut locations);
            let hint = locations.last().map_or(NO_HINT, |l| l.span as u16);
            if let Some(d) = decided.get_mut(i) {
                *d = Some(found.map(|_| hint));
            }
            if let Some(s) = found {
                out.top.push(s);
                if out.top.len() >= keep {
                    cut.fetch_max(trim(&mut out.top, limit), AtomicOrdering::Relaxed);
                    worst = out.top.iter().copied().min_by(|a, b| Scored::order(b, a));
                }
            }
        }
        let exact_mask = q.mask_is_exact();
        for (&(slot, hint, _), known) in open.iter().zip(decided) {
            let found = match known {
                Some(found) => found,
                // One ASCII character: the mask said it matches.
                None if exact_mask && !options.exact_total => Some(NO_HINT),
                None if !options.exact_total => {
                    // Cannot rank among the hits: keep it for the next
                    // keystroke without reading it.
                    out.unchecked += 1;
                    Some(hint)
                }
                None => hot
                    .get(slot as usize)
                    .and_then(|h| self.membership(q, h, hint, verified, hints, exact_mask)),
            };
            if let Some(hint) = found {
                out.matched.push((slot, hint));
            }
        }
        out
    }

    /// Whether a record that cannot make the best `limit` matches at all;
    /// `Some(hint)` when it does.
    fn membership(
        &self,
        q: &Query,
        h: &Hot,
        hint: u16,
        verified: usize,
        hints: bool,
        exact_mask: bool,
    ) -> Option<u16> {
        if verified >= q.terms.len() {
            return Some(hint);
        }
        if exact_mask {
            return Some(rank::span_with(&self.arena, h, q.terms.last()));
        }
        if hints && hint != NO_HINT && rank::matches_in(&self.arena, h, q.terms.last(), hint) {
            return Some(hint);
        }
        rank::matches(&self.arena, h, q, verified)
    }

    /// Scores the best records again, precisely, and highlights them.
    pub(crate) fn hits(&self, q: &Query, top: &[Scored]) -> Vec<super::Hit> {
        let mut best = Vec::with_capacity(top.len());
        for s in top {
            let mut locations = Vec::new();
            let Some(h) = self.hot.get(s.slot as usize) else {
                continue;
            };
            if q.is_empty() {
                best.push((*s, locations));
            } else if let Some(s) =
                rank::score(&self.arena, s.slot, h, q, Some(&self.skim), &mut locations)
            {
                best.push((s, locations));
            }
        }
        best.sort_by(|a, b| Scored::order(&a.0, &b.0));
        best.iter()
            .filter_map(|(s, locations)| {
                let h = self.hot.get(s.slot as usize)?;
                rank::hit(&self.arena, h, s, q, &self.skim, locations)
            })
            .collect()
    }
}

/// The most a record can score, for a query of one term.
struct Finest {
    /// The term's characters, and the mask of every spelling of it, when
    /// the query is one term.
    term: Option<(u32, u64)>,
}

impl Finest {
    fn of(q: &Query) -> Finest {
        let term = match q.terms.as_slice() {
            [t] => t
                .spellings
                .iter()
                .map(|s| s.chars)
                .max()
                .map(|chars| (chars, t.spellings.iter().fold(0, |m, s| m | s.mask))),
            _ => None,
        };
        Finest { term }
    }

    /// The best score the record in `slot` can reach with at most `bound`
    /// points: its own flags, date and id, and for more than 50 points
    /// (which only a run in a name, a title or the id earns, see
    /// `Field::weight`) the finest grain its shortest name gives, unless
    /// the term may be in its id (short, so finer still).
    fn best(&self, slot: u32, h: &Hot, q: &Query, bound: i32) -> Scored {
        let fine = match self.term {
            Some((chars, mask)) if bound > 50 && mask & !h.id_mask() != 0 => h.finest(chars),
            _ => i32::MAX,
        };
        Scored {
            slot,
            id_first: q.id == Some(h.id()),
            class: bound,
            open: h.open(),
            fine,
            recency: h.recency,
            number: h.id().n,
            kind: h.id().kind as u8,
        }
    }
}

/// Asks for the cache line holding `item` to be loaded, without waiting.
pub(crate) fn prefetch<T>(item: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = item {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of every x86_64 target; a prefetch never
        // faults and changes nothing but the cache, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// Positions of `open` by bound, highest first (a counting sort: bounds
/// are small numbers, but for an id typed exactly), each bound's last
/// first.
fn best_bound_first(open: &[(u32, u16, i32)]) -> Vec<usize> {
    const LEVELS: usize = 1024;
    let level = |b: i32| (b.clamp(0, LEVELS as i32 - 1)) as usize;
    let mut counts = vec![0usize; LEVELS];
    for o in open {
        counts[level(o.2)] += 1;
    }
    // Start of each level, highest level first.
    let mut start = vec![0usize; LEVELS];
    let mut at = 0;
    for l in (0..LEVELS).rev() {
        start[l] = at;
        at += counts[l];
    }
    let mut order = vec![0usize; open.len()];
    // Within a level, later records first: of records that tie, the one
    // with the higher number ranks first, so the rest are passed over.
    for (i, o) in open.iter().enumerate().rev() {
        let l = level(o.2);
        if let Some(slot) = order.get_mut(start[l]) {
            *slot = i;
        }
        start[l] += 1;
    }
    order
}

/// Keeps the best `limit` records of `top`; returns the lowest class kept
/// (`i32::MIN` while fewer than `limit` are kept).
fn trim(top: &mut Vec<Scored>, limit: usize) -> i32 {
    if top.len() > limit && limit > 0 {
        top.select_nth_unstable_by(limit - 1, Scored::order);
    }
    top.truncate(limit);
    if top.len() < limit {
        return i32::MIN;
    }
    top.iter().map(|s| s.class).min().unwrap_or(i32::MIN)
}

/// One bit per allowed kind.
fn kind_mask(kinds: Option<&[crate::model::Kind]>) -> u8 {
    match kinds {
        None => u8::MAX,
        Some(ks) => ks.iter().fold(0, |m, k| m | 1 << *k as u8),
    }
}
