//! A small inline SVG bar chart: partnerships and open items per country.
//! Plain shapes and escaped text; no scripts, no external resources.

use super::escape::html_escape as esc;
use super::summary::CountryRow;

const BAR_H: usize = 14;
const ROW_H: usize = 40;
const LABEL_W: usize = 150;
const PLOT_W: usize = 320;

/// The chart, or an empty string when there is nothing to draw.
pub fn country_chart(rows: &[CountryRow], title: &str, legend: (&str, &str)) -> String {
    let rows: Vec<&CountryRow> = rows.iter().take(12).collect();
    if rows.is_empty() {
        return String::new();
    }
    let max = rows
        .iter()
        .map(|r| r.partnerships.max(r.open_items))
        .max()
        .unwrap_or(1)
        .max(1);
    let width = LABEL_W + PLOT_W + 60;
    let height = 40 + rows.len() * ROW_H + 10;
    let scale = |n: usize| (n * PLOT_W).div_ceil(max);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-label=\"{t}\">\n<title>{t}</title>\n",
        t = esc(title)
    );
    s.push_str(&format!(
        "<rect x=\"{LABEL_W}\" y=\"8\" width=\"10\" height=\"10\" class=\"b1\"/><text x=\"{}\" y=\"17\">{}</text>\n<rect x=\"{}\" y=\"8\" width=\"10\" height=\"10\" class=\"b2\"/><text x=\"{}\" y=\"17\">{}</text>\n",
        LABEL_W + 14,
        esc(legend.0),
        LABEL_W + 150,
        LABEL_W + 164,
        esc(legend.1)
    ));
    for (i, r) in rows.iter().enumerate() {
        let y = 32 + i * ROW_H;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} {}</text>\n",
            LABEL_W - 8,
            y + BAR_H + 4,
            esc(&r.code),
            esc(&short(&r.name))
        ));
        for (j, (n, class)) in [(r.partnerships, "b1"), (r.open_items, "b2")]
            .iter()
            .enumerate()
        {
            let by = y + j * (BAR_H + 2);
            s.push_str(&format!(
                "<rect x=\"{LABEL_W}\" y=\"{by}\" width=\"{}\" height=\"{BAR_H}\" class=\"{class}\"/><text x=\"{}\" y=\"{}\" class=\"n\">{n}</text>\n",
                scale(*n),
                LABEL_W + scale(*n) + 4,
                by + BAR_H - 3
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Country names are cut to keep the labels inside the chart.
fn short(name: &str) -> String {
    crate::text::truncate_to_width(name, 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_escapes_its_text_and_has_a_bar_per_count() {
        let rows = vec![CountryRow {
            code: "KZ".into(),
            name: "<script>".into(),
            partnerships: 2,
            open_items: 5,
        }];
        let svg = country_chart(&rows, "a & b", ("P", "O"));
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("a &amp; b"));
        assert_eq!(svg.matches("class=\"b1\"").count(), 2);
        assert!(country_chart(&[], "x", ("P", "O")).is_empty());
    }
}
