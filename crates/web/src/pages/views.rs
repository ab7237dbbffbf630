//! What templates show, prepared from the application's records in the reader's language.

use crate::i18n::Tr;
use crate::svg::escape;
use jalin_app::ports::search::Snippet;
use jalin_app::reference::ReferenceSnapshot;
use jalin_app::registry::AgreementView;
use jalin_domain::agreement::Party;
use jalin_domain::codes::CountryCode;
use jalin_domain::reference::Country;

/// A link with its text.
#[derive(Debug, Clone)]
pub struct LinkView {
    pub href: String,
    pub text: String,
}

/// A choice in a select or checkbox group.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Coded values as choices, each labelled by its translation (`prefix.code`).
pub fn code_choices<'a>(
    t: &Tr,
    prefix: &str,
    codes: impl IntoIterator<Item = &'a str>,
    selected: impl Fn(&str) -> bool,
) -> Vec<Choice> {
    codes
        .into_iter()
        .map(|code| Choice {
            value: code.to_owned(),
            label: t.code(prefix, code),
            selected: selected(code),
        })
        .collect()
}

/// The foreign countries that `keep` takes as choices, sorted by their name in the
/// reader's language.
pub fn country_choices_where(
    t: &Tr,
    reference: &ReferenceSnapshot,
    chosen: Option<&str>,
    keep: impl Fn(&Country) -> bool,
) -> Vec<Choice> {
    let mut list: Vec<Choice> = reference
        .countries
        .values()
        .filter(|c| !c.iso2.is_indonesia() && keep(c))
        .map(|c| Choice {
            value: c.iso2.to_string(),
            label: t.either(&c.name_id, &c.name_en).clone(),
            selected: chosen == Some(c.iso2.as_str()),
        })
        .collect();
    list.sort_by(|a, b| a.label.cmp(&b.label));
    list
}

/// The government affairs (*urusan*) as choices: code and name.
pub fn field_choices(t: &Tr, reference: &ReferenceSnapshot, chosen: &[String]) -> Vec<Choice> {
    reference
        .urusan
        .values()
        .map(|u| Choice {
            value: u.code.to_string(),
            label: format!("{} {}", u.code, t.either(&u.name_id, &u.name_en)),
            selected: chosen.iter().any(|c| c == u.code.as_str()),
        })
        .collect()
}

/// The SDGs as choices: number and short name.
pub fn goal_choices(t: &Tr, reference: &ReferenceSnapshot, chosen: &[String]) -> Vec<Choice> {
    reference
        .sdg_goals
        .iter()
        .map(|g| Choice {
            value: g.goal.to_string(),
            label: format!("{} {}", g.goal, t.either(&g.short_name_id, &g.short_name_en)),
            selected: chosen.iter().any(|c| *c == g.goal.to_string()),
        })
        .collect()
}

/// A party of an agreement as a line of text with a link where Jalin has a page for it.
#[derive(Debug, Clone)]
pub struct PartyView {
    pub name: String,
    pub href: Option<String>,
    /// The country's name for a foreign party.
    pub country: Option<LinkView>,
}

/// A government affair (*urusan*, a field of cooperation) in the reader's language.
pub fn field_name(t: &Tr, reference: &ReferenceSnapshot, code: &jalin_domain::codes::UrusanCode) -> String {
    reference
        .urusan
        .get(code.as_str())
        .map(|u| t.either(&u.name_id, &u.name_en).clone())
        .unwrap_or_else(|| code.to_string())
}

/// An optional text of a bilingual pair in the reader's language, else in the other one.
pub fn in_reader_language(t: &Tr, id: &Option<String>, en: &Option<String>) -> Option<String> {
    let (first, second) = if t.is_id() { (id, en) } else { (en, id) };
    first.clone().or_else(|| second.clone())
}

pub fn country_name(t: &Tr, reference: &ReferenceSnapshot, code: &CountryCode) -> String {
    reference
        .countries
        .get(code)
        .map(|c| t.either(&c.name_id, &c.name_en).clone())
        .unwrap_or_else(|| code.to_string())
}

/// The parties of the agreements that `keep` takes, each name once, in order of appearance.
pub fn distinct_parties(agreements: &[AgreementView], keep: impl Fn(&Party) -> bool) -> Vec<&Party> {
    let mut out: Vec<&Party> = Vec::new();
    for p in agreements.iter().flat_map(|v| &v.agreement.parties) {
        if keep(p) && !out.iter().any(|x| x.name == p.name) {
            out.push(p);
        }
    }
    out
}

pub fn party_view(t: &Tr, reference: &ReferenceSnapshot, p: &Party) -> PartyView {
    let href = p.region_code.as_ref().map(|r| format!("/daerah/{r}"));
    let country = p.country_iso2.as_ref().filter(|c| !c.is_indonesia()).map(|c| LinkView {
        href: format!("/negara/{c}"),
        text: country_name(t, reference, c),
    });
    PartyView {
        name: p.name.clone(),
        href,
        country,
    }
}

/// One agreement in a list.
#[derive(Debug, Clone)]
pub struct AgreementRow {
    pub href: String,
    pub title: String,
    pub form: String,
    pub form_label: String,
    pub status: String,
    pub status_label: String,
    pub parties: Vec<PartyView>,
    pub signed: String,
    pub expires: String,
    pub expiring: bool,
    pub dormant: bool,
    pub demo: bool,
    /// `to_verify` or `rejected` for a registry record not verified; empty when verified.
    pub verification: String,
}

pub fn agreement_row(t: &Tr, reference: &ReferenceSnapshot, v: &AgreementView) -> AgreementRow {
    let a = &v.agreement;
    AgreementRow {
        href: format!("/kerja-sama/{}", a.id),
        title: t.pick(&a.title_id, a.title_en.as_deref()).to_owned(),
        form: a.form.as_str().to_owned(),
        form_label: t.code("form_short", a.form.as_str()),
        status: a.status.as_str().to_owned(),
        status_label: t.code("status", a.status.as_str()),
        parties: a.parties.iter().map(|p| party_view(t, reference, p)).collect(),
        signed: t.opt_date(&a.signed_on.or(a.effective_on)),
        expires: if a.open_ended {
            t.t("agreement.open_ended").to_owned()
        } else {
            t.opt_date(&a.expires_on)
        },
        expiring: v.flags.expiring,
        dormant: v.flags.dormant,
        demo: a.is_demo,
        verification: match a.verification {
            jalin_domain::agreement::VerificationStatus::Verified => String::new(),
            other => other.as_str().to_owned(),
        },
    }
}

/// A search snippet as HTML: its text escaped, each highlight in `<mark>`. Ranges that do
/// not fit the text (out of order, overlapping, off a character boundary) are left unmarked.
pub fn snippet_html(snippet: &Snippet) -> String {
    let text = snippet.text.as_str();
    let mut html = String::with_capacity(text.len() + 16 * snippet.highlights.len());
    let mut shown = 0;
    for range in &snippet.highlights {
        let (Some(before), Some(marked)) = (text.get(shown..range.start), text.get(range.clone())) else {
            continue;
        };
        html.push_str(&escape(before));
        html.push_str("<mark>");
        html.push_str(&escape(marked));
        html.push_str("</mark>");
        shown = range.end;
    }
    html.push_str(&escape(&text[shown..]));
    html
}

/// A URL query string from pairs, skipping empty values.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::url::query_value(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Pagination links.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    pub pages: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// "Page 2 of 7".
    pub label: String,
    /// "Showing 21–40 of 133".
    pub summary: String,
}

pub fn pager(t: &Tr, total: i64, offset: i64, limit: i64, href: impl Fn(i64) -> String) -> Pager {
    pager_of(t, "directory.count", total, offset, limit, href)
}

/// [`pager`] whose summary counts with `summary_key` (`{from}`, `{to}`, `{total}`), for
/// lists of something other than agreements.
pub fn pager_of(t: &Tr, summary_key: &str, total: i64, offset: i64, limit: i64, href: impl Fn(i64) -> String) -> Pager {
    let pages = ((total + limit - 1) / limit).max(1);
    let page = offset / limit + 1;
    let from = if total == 0 { 0 } else { offset + 1 };
    let to = (offset + limit).min(total);
    Pager {
        pages,
        prev: (page > 1).then(|| href((offset - limit).max(0))),
        next: (page < pages).then(|| href(offset + limit)),
        label: t.fmt("pager.page", &[("page", &page), ("pages", &pages)]),
        summary: t.fmt(
            summary_key,
            &[("from", &from), ("to", &to), ("total", &t.number(total))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_escaped_and_its_highlights_marked() {
        let text = "Judul <script>alert(1)</script> & program pendidikan vokasi";
        let start = text.find("pendidikan").unwrap_or_default();
        let pendidikan = start..start + "pendidikan".len();
        let snippet = Snippet {
            text: text.into(),
            highlights: vec![pendidikan],
        };
        assert_eq!(
            snippet_html(&snippet),
            "Judul &lt;script&gt;alert(1)&lt;/script&gt; &amp; program <mark>pendidikan</mark> vokasi"
        );
    }

    #[test]
    fn highlights_that_do_not_fit_the_text_are_left_unmarked() {
        let snippet = Snippet {
            text: "Kōbe dan Surabaya".into(),
            // Inside "ō", past the end, then overlapping the one before.
            highlights: vec![0..2, 10..18, 12..14, 30..40],
        };
        assert_eq!(snippet_html(&snippet), "Kōbe dan <mark>Surabaya</mark>");
        assert_eq!(snippet_html(&Snippet::default()), "");
    }
}
