//! The rules that turn clauses into drafted events, one per kind of act, and
//! the guards they share: an act must be stated as done (not negated, not
//! conditional, not future or hoped for, not a question), its actor must be
//! named (or be the speaker of a quote, or the person last named for "he"/"she"),
//! and statements must be on the subject (a named sea, lake or river, or said at
//! the occasion the article reports).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use super::actors::{Agent, Gazetteer, Mention, Named};
use super::dates;
use super::text::{Article, Unit};
use super::{DraftEvent, Known, Skipped};
use crate::domain::actor::Registry;
use crate::domain::date::{ActDate, Partial};
use crate::domain::kind::Kind;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("a valid rule pattern")
}

static SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:expressed|voiced|reaffirmed|affirmed|declared|confirmed|reiterated)\s+(?:[\w’']+\s+){0,2}support(?:\s+\w+){0,2}?\s+(?:for|to)|supports|supported|backs|backed|endorses|endorsed|(?:we|i|they|fully|strongly|also|not|didn[’']t|doesn[’']t|never)\s+(?:support|back|endorse))\b",
    )
});
static OPPOSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:opposed|opposes|rejected|rejects|objected to|objects to|(?:expressed|voiced|reiterated)\s+(?:[\w’']+\s+){0,2}opposition\s+to)\b",
    )
});
static PROPOSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:proposed|put forward|launched an initiative|tabled)\b"));
static COMMIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:pledged|vowed|promised|undertook|committed (?:itself|themselves|herself|himself)|agreed)\s+(?:up to\s+|at least\s+|more than\s+|over\s+)?(?:to\b|\$|US\$|€|£|\d)",
    )
});
static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:said|says|stated|emphasi[sz]ed|stressed|underlined|underscored|urged|warned|called on|called for|appealed)\b",
    )
});
static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:was|were|has been|have been)\s+(?:held|convened|hosted)|took place|(?:held|hosted|convened)\s+(?:a|an|the|its|their)|met\s+(?:in|at|on|for)|gathered\s+(?:in|at))\b",
    )
});
static MEETING_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(summit|meeting|conference|panel|session|talks|forum|COP\d*|dialogue|consultations?)\b",
    )
});
static SIGN: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:signed|inked)\b"));
static RATIFY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:ratified|ratifies|acceded to|accedes to|acceded)\b"));
static IN_FORCE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:entered|enters|came|comes) into force\b"));
static ADOPT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\badopted\b"));
static TREATY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?:[A-Z][\w’'-]*|\d{4}|of|the|on|for|and)\s+)*?(?:[A-Z][\w’'-]*\s+)*(?:Convention|Agreement|Protocol|Treaty|Declaration|Accord|Memorandum|Charter)(?:\s+(?:on|of|for|against|to|concerning)(?:\s+(?:the|and|of|for|on|against)|\s+[A-Z][\w’'-]*)+)?(?:\s+\(([A-Z]{2,8})\))?",
    )
});
static TREATY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bthe\s+(?:agreement|convention|protocol|treaty|accord|declaration)\b|\bit\b")
});
static INITIATIVE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(initiative|proposal|plan|idea|call|bid|project|programme|program|deal|goal|target|package|agreement|convention|protocol|treaty|declaration|framework)\b",
    )
});
static PROPOSER_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:initiative|proposal|plan|idea|call|bid)\s+(?:of|by)\s+(.+?)\s+(?:to|for|on)\b")
});
static PROPOSER_POSS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"([A-Z][\w-]+)['’]s\s+(?:[\w-]+\s+){0,2}?(?:initiative|proposal|plan|idea|call|bid)\b")
});
static CLAUSE_AFTER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:initiative|proposal|plan|idea|call|bid)\b[^,]*?\b(?:to|for)\s+(.+)$")
});
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:not|n[’']t|never|no longer|declined to|refused to|failed to)\s+(?:\w+\s+){0,2}$")
});
static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:will|would|could|should|may|might|shall|plans? to|planning to|intends? to|hopes? to|aims? to|expected to|ready to|set to|is to|are to|wants? to|seeks? to|going to)\s+(?:\w+\s+){0,1}$",
    )
});
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?:^|\b)(?:if|unless|should)\b"));
static WATER_BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:[A-Z][a-z]+ (?:Sea|Lake|River|Basin|Ocean|Delta|Gulf)|(?:Lake|Gulf of|Sea of) [A-Z][a-z]+|Mekong|Nile|Danube|Aral|Caspian|Baltic)\b",
    )
});
static OCCASION_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bthe (?:event|meeting|summit|conference|panel|session|forum)\b"));
static OCCASION_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:address(?:ing)? to|at|on the sidelines of|during) the ((?:[A-Z][\w-]*\s+)+?(?:Summit|Conference|Forum|Meeting|Session|COP\d*))(?:\s+in\s+([A-Z][a-z]+))?",
    )
});
static REPORTING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:said|says|told|stated|added|noted)\b"));
static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:he|she|they|we|i|it|his country|her country|the country|our country)\b")
});
static MONEY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\$|US\$|€|£)\s?\d|\d+\s?(?:million|billion)"));
static ENV_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:climate|environment\w*|pollution|emissions?|biodiversity|water|fund|sea|river|lake|basin)\b",
    )
});
static QUOTED_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r#"[“"]([^”"]{6,200})[”"]"#));
static BY_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:co-?organi[sz]ed|organi[sz]ed|hosted|convened|chaired|attended)\s+by\s+(.+)$")
});
static VENUE_AT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bat the ([A-Z][\w]*(?: [A-Za-z]+)*? (?:headquarters|Headquarters|Centre|Center|Hall|Palace))\s+in\s+([A-Z][a-z]+)",
    )
});
static VENUE_IN: LazyLock<Regex> = LazyLock::new(|| re(r"\bin ([A-Z][a-z]+(?: [A-Z][a-z]+)?)"));
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r",\s+(?:The )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3}\s+(?:informs|reports)\b.*$")
});

const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "on",
    "for",
    "and",
    "to",
    "in",
    "at",
    "by",
    "with",
    "from",
    "its",
    "their",
    "his",
    "her",
    "that",
    "this",
    "which",
    "including",
    "focused",
    "facing",
    "establish",
    "create",
    "set",
    "up",
    "form",
    "launch",
    "build",
    "against",
    "as",
    "be",
];

fn content_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

fn slugify(words: &[String], max: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let w: String = w.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if !w.is_empty() && !out.contains(&w) {
            out.push(w);
        }
        if out.len() == max {
            break;
        }
    }
    if out.is_empty() {
        "unnamed".into()
    } else {
        out.join("-")
    }
}

/// How much of `title`'s words a clause covers (0..1).
fn overlap(clause: &[String], title: &[String]) -> f32 {
    let mut t: Vec<&String> = title.iter().collect();
    t.sort();
    t.dedup();
    if t.is_empty() {
        return 0.0;
    }
    let hit = t.iter().filter(|w| clause.contains(w)).count();
    hit as f32 / t.len() as f32
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn shorten(s: &str, max_words: usize) -> String {
    let s = s.trim().trim_end_matches(['.', ',', ';']);
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= max_words {
        s.to_string()
    } else {
        words[..max_words].join(" ")
    }
}

struct Ctx<'a> {
    gaz: Gazetteer<'a>,
    known: Vec<Known>,
    published: chrono::NaiveDate,
    /// The person (and actor) last named, for "he", "she", "we".
    last_person: Option<Agent>,
    last_agents: Vec<Agent>,
    /// The treaty last named, for "the agreement", "it".
    last_treaty: Option<String>,
    /// Abbreviations defined in the text: "CFA" -> slug.
    abbreviations: BTreeMap<String, String>,
    meeting: Option<(ActDate, String)>,
}

/// Drafts the events of an article.
pub fn draft(
    a: &Article,
    reg: &Registry,
    known: &[Known],
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) {
    let mut cx = Ctx {
        gaz: Gazetteer::new(reg),
        known: known.to_vec(),
        published: a.published,
        last_person: None,
        last_agents: Vec::new(),
        last_treaty: None,
        abbreviations: BTreeMap::new(),
        meeting: None,
    };
    // Meetings first: statements made there take their date and occasion.
    for u in &a.units {
        if !u.quoted
            && let Some(e) = meeting(&mut cx, u, skipped)
        {
            if cx.meeting.is_none() {
                cx.meeting = Some((
                    e.date,
                    e.fields
                        .get("title")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                ));
            } else {
                cx.meeting = Some((e.date, String::new()));
            }
            events.push(e);
        }
    }
    let meetings = events.len();
    if meetings > 1 {
        cx.meeting = None;
    }
    let mut quote_run: Vec<&Unit> = Vec::new();
    for (i, u) in a.units.iter().enumerate() {
        let claimed = if u.quoted {
            quoted_unit(&mut cx, u, a, events, skipped)
        } else {
            plain_unit(&mut cx, u, a, events, skipped)
        };
        if u.quoted && !claimed {
            quote_run.push(u);
        }
        let run_ends = a
            .units
            .get(i + 1)
            .is_none_or(|n| !n.quoted || n.attribution != u.attribution);
        if run_ends && !quote_run.is_empty() {
            quoted_statement(&mut cx, &quote_run, a, events);
            quote_run.clear();
        }
        remember_people(&mut cx, u);
    }
    merge(events);
    in_force_parties(events, skipped);
    assign_keys(&cx, events);
}

fn remember_people(cx: &mut Ctx, u: &Unit) {
    let text = match &u.attribution {
        Some(a) if u.quoted => a.clone(),
        _ => u.text.clone(),
    };
    let ms = cx.gaz.scan(&text);
    if let Some(p) = ms
        .iter()
        .find(|m| matches!(m.named, Named::Person(_) | Named::Titled { .. }))
    {
        let subject: Vec<Mention> = ms
            .iter()
            .filter(|m| m.start <= p.end + 1 || m.start == p.start)
            .cloned()
            .collect();
        let agents = cx.gaz.agents(&subject, cx.published);
        if let Some(first) = agents.into_iter().find(|a| a.speaker.is_some()) {
            cx.last_person = Some(first);
        }
    }
}

/// Why an act's trigger at `at` is not stated as done, if it is not.
fn guard(text: &str, at: usize) -> Option<&'static str> {
    let before = &text[..at];
    if text.trim_end().ends_with('?') {
        return Some("a question");
    }
    if NEGATED.is_match(before) {
        return Some("negated");
    }
    if HYPOTHETICAL.is_match(before) {
        return Some("future, hoped for or hypothetical");
    }
    if CONDITIONAL.is_match(before) {
        return Some("conditional");
    }
    None
}

/// The subject of a clause: who acts, from the words before the trigger.
fn subject(cx: &Ctx, text: &str, at: usize, speaker: Option<&Agent>) -> Vec<Agent> {
    let before = &text[..at];
    // Reported speech: "X said (that) Y backed ...": Y when named (with X as its
    // speaker when X speaks for Y), else X.
    if let Some(m) = REPORTING.find_iter(before).last() {
        let reporter = cx
            .gaz
            .agents(&cx.gaz.scan(&before[..m.start()]), cx.published);
        let reported = cx
            .gaz
            .agents(&cx.gaz.scan(&before[m.end()..]), cx.published);
        if !reported.is_empty() {
            return reported
                .into_iter()
                .map(|mut a| {
                    if a.speaker.is_none() {
                        a.speaker = reporter
                            .iter()
                            .find(|r| r.actor == a.actor)
                            .and_then(|r| r.speaker.clone());
                    }
                    a
                })
                .collect();
        }
        if !reporter.is_empty() {
            return reporter;
        }
    } else {
        let agents = cx.gaz.agents(&cx.gaz.scan(before), cx.published);
        if !agents.is_empty() {
            return agents;
        }
    }
    if PRONOUN.is_match(before) || before.trim().is_empty() {
        if let Some(s) = speaker {
            return vec![s.clone()];
        }
        let lower = before.to_lowercase();
        if (lower.contains("he ")
            || lower.contains("she ")
            || lower.contains("his country")
            || lower.contains("her country"))
            && let Some(p) = &cx.last_person
        {
            return vec![p.clone()];
        }
        if (lower.contains("they") || lower.contains("it ")) && !cx.last_agents.is_empty() {
            return cx.last_agents.clone();
        }
    }
    Vec::new()
}

fn actor_names(cx: &Ctx, agents: &[Agent]) -> Vec<String> {
    agents.iter().map(|a| cx.gaz.name(&a.actor)).collect()
}

fn speaker_of(agents: &[Agent]) -> Option<String> {
    match agents {
        [one] => one.speaker.clone(),
        _ => None,
    }
}

/// The date of an act stated in a clause: the clause's own date, else the
/// occasion's, else (for speech) the day of the report, else "on or before" it.
fn act_date(cx: &Ctx, text: &str, speech: bool, notes: &mut Vec<String>) -> (ActDate, f32) {
    if let Some(f) = dates::in_clause(text, cx.published) {
        return (f.date, 1.0);
    }
    if speech {
        if let Some((d, _)) = &cx.meeting {
            notes.push("dated as the meeting the article reports".into());
            return (*d, 0.9);
        }
        notes.push("the text gives no date: dated the day of the report".into());
        return (ActDate::day(cx.published), 0.8);
    }
    notes.push("the text gives no date: known to have happened by the day of the report".into());
    (ActDate::OnOrBefore(Partial::Day(cx.published)), 0.9)
}

fn occasion_of(cx: &Ctx, texts: &[&str]) -> Option<String> {
    for t in texts {
        if let Some(c) = OCCASION_NAME.captures(t) {
            let name = c[1].trim().to_string();
            return Some(match c.get(2) {
                Some(city) => format!("{name}, {}", city.as_str()),
                None => name,
            });
        }
    }
    cx.meeting
        .as_ref()
        .map(|m| m.1.clone())
        .filter(|s| !s.is_empty())
}

fn new_event(
    kind: Kind,
    date: ActDate,
    actors: Vec<String>,
    quote: &str,
    rule: &'static str,
    confidence: f32,
) -> DraftEvent {
    DraftEvent {
        key: String::new(),
        kind,
        date,
        actors,
        speaker: None,
        occasion: None,
        fields: Map::new(),
        quote: quote.trim().trim_end_matches(',').to_string(),
        rule,
        confidence,
        notes: Vec::new(),
    }
}

fn skip(skipped: &mut Vec<Skipped>, rule: &'static str, reason: &str, text: &str) {
    skipped.push(Skipped {
        rule,
        reason: reason.to_string(),
        text: text.to_string(),
    });
}

/// A treaty's slug from its name, matching a known treaty when the words agree.
fn treaty_slug(cx: &mut Ctx, name: &str, abbreviation: Option<&str>) -> String {
    let words = content_words(name);
    let slug = cx
        .known
        .iter()
        .filter(|k| k.treaty)
        .find(|k| {
            let t = content_words(&k.title);
            overlap(&words, &t) >= 0.75 && overlap(&t, &words) >= 0.75
        })
        .map(|k| k.id.clone())
        .unwrap_or_else(|| slugify(&words, 7));
    if let Some(a) = abbreviation {
        cx.abbreviations.insert(a.to_string(), slug.clone());
    }
    cx.last_treaty = Some(slug.clone());
    slug
}

/// The treaty an object phrase names: by name, abbreviation, or "the agreement"/"it".
fn treaty_in(cx: &mut Ctx, object: &str) -> Option<(String, String)> {
    if let Some(c) = TREATY_NAME.captures(object) {
        let whole = c.get(0).unwrap().as_str();
        let name = whole
            .split(" (")
            .next()
            .unwrap_or(whole)
            .trim()
            .trim_start_matches("the ")
            .trim_end_matches([' ', ','])
            .to_string();
        let name = name
            .trim_end_matches(" the")
            .trim_end_matches(" and")
            .trim_end_matches(" of")
            .to_string();
        if name.split_whitespace().count() >= 2 {
            let abbr = c.get(1).map(|m| m.as_str().to_string());
            let slug = treaty_slug(cx, &name, abbr.as_deref());
            return Some((slug, name));
        }
    }
    for (abbr, slug) in &cx.abbreviations {
        if Regex::new(&format!(r"\b{}\b", regex::escape(abbr))).is_ok_and(|r| r.is_match(object)) {
            let slug = slug.clone();
            cx.last_treaty = Some(slug.clone());
            return Some((slug, abbr.clone()));
        }
    }
    if TREATY_WORD.is_match(object) {
        return cx.last_treaty.clone().map(|s| (s.clone(), s));
    }
    None
}

fn form_of(name: &str) -> &'static str {
    let l = name.to_lowercase();
    if l.contains("protocol") {
        "protocol"
    } else if l.contains("convention") {
        "convention"
    } else if l.contains("declaration") {
        "declaration"
    } else if l.contains("memorandum") {
        "memorandum"
    } else if l.contains("agreement") || l.contains("accord") || l.contains("treaty") {
        "agreement"
    } else {
        "other"
    }
}

/// The initiative an object phrase names: a known one when its words agree, else a new one.
struct Initiative {
    id: String,
    title: String,
    scope: Vec<String>,
    is_new: bool,
    proposer: Vec<Agent>,
}

fn initiative_in(cx: &mut Ctx, object: &str) -> Option<Initiative> {
    INITIATIVE_NOUN.find(object)?;
    let clause = CLAUSE_AFTER_NOUN
        .captures(object)
        .map(|c| c[1].to_string())
        // Else the noun phrase itself, up to the first comma.
        .unwrap_or_else(|| object.split(", ").next().unwrap_or(object).to_string());
    let clause = clause.trim_end_matches(['.', ',']).to_string();
    let words = content_words(&clause);
    let mut proposer = Vec::new();
    if let Some(c) = PROPOSER_OF.captures(object) {
        let ms = cx.gaz.scan(&c[1]);
        proposer = cx.gaz.agents(&ms, cx.published);
    } else if let Some(c) = PROPOSER_POSS.captures(object) {
        let ms = cx.gaz.scan(&c[1]);
        proposer = cx.gaz.agents(&ms, cx.published);
    }
    let best = cx
        .known
        .iter()
        .filter(|k| !k.treaty)
        .map(|k| (overlap(&words, &content_words(&k.title)), k))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, k)) = best {
        return Some(Initiative {
            id: k.id.clone(),
            title: k.title.clone(),
            scope: k.scope.clone(),
            is_new: false,
            proposer,
        });
    }
    if words.is_empty() {
        return None;
    }
    // Scope: the states and groups the clause names.
    let mut scope = Vec::new();
    for m in cx.gaz.scan(&clause) {
        match m.named {
            Named::State(s) => scope.push(cx.gaz.name(&s)),
            Named::Group(g) => scope.extend(cx.gaz.group_name(&g)),
            _ => {}
        }
    }
    scope.dedup();
    let id = slugify(&words, 5);
    let title = upper_first(&shorten(clause.split(", ").next().unwrap_or(&clause), 16));
    cx.known.push(Known {
        id: id.clone(),
        title: title.clone(),
        scope: scope.clone(),
        treaty: false,
    });
    Some(Initiative {
        id,
        title,
        scope,
        is_new: true,
        proposer,
    })
}

fn proposal_event(
    cx: &Ctx,
    init: &Initiative,
    quote: &str,
    rule: &'static str,
    conf: f32,
    date: Option<ActDate>,
) -> Option<DraftEvent> {
    if init.proposer.is_empty() {
        return None;
    }
    let date = date.unwrap_or(ActDate::OnOrBefore(Partial::Day(cx.published)));
    let mut e = new_event(
        Kind::InitiativeProposed,
        date,
        actor_names(cx, &init.proposer),
        quote,
        rule,
        conf,
    );
    e.speaker = speaker_of(&init.proposer);
    e.fields.insert("initiative".into(), json!(init.id));
    e.fields.insert("title".into(), json!(init.title));
    // The kind requires a scope; the states the text names, else none (left for review).
    e.fields.insert("scope".into(), json!(init.scope));
    if init.scope.is_empty() {
        e.notes
            .push("the text names no state in the initiative's scope: fill it in if known".into());
    }
    Some(e)
}

/// Support, opposition and proposals of initiatives or treaties.
fn position(
    cx: &mut Ctx,
    u: &Unit,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let found = [
        (&*OPPOSE, Kind::OppositionDeclared, "opposition-verb"),
        (&*SUPPORT, Kind::SupportDeclared, "support-verb"),
    ]
    .into_iter()
    .find_map(|(r, k, rule)| r.find(text).map(|m| (m, k, rule)));
    let Some((m, kind, rule)) = found else {
        return false;
    };
    let object = &text[m.end()..];
    let lead = m.as_str().to_lowercase();
    let negated = lead.starts_with("not")
        || lead.starts_with("never")
        || lead.starts_with("didn")
        || lead.starts_with("doesn")
        || lead.starts_with("n'")
        || lead.starts_with("n’");
    if let Some(why) = guard(text, m.start()).or(negated.then_some("negated")) {
        skip(skipped, rule, why, text);
        return true;
    }
    let agents: Vec<Agent> = subject(cx, text, m.start(), speaker)
        .into_iter()
        .filter(|a| cx.gaz.is_state(&a.actor))
        .collect();
    let treaty = if INITIATIVE_NOUN.find(object).is_some_and(|n| {
        matches!(
            n.as_str().to_lowercase().as_str(),
            "agreement" | "convention" | "protocol" | "treaty" | "declaration" | "framework"
        )
    }) || TREATY_WORD.is_match(object)
    {
        treaty_in(cx, object)
    } else {
        None
    };
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, true, &mut notes);
    let subject_id = if let Some((slug, _)) = treaty {
        slug
    } else if let Some(init) = initiative_in(cx, object) {
        if init.is_new {
            notes.push(format!(
                "`{}` is not an initiative in the record: check the proposal drafted with it, or use the record's id",
                init.id
            ));
        }
        if let Some(p) = proposal_event(cx, &init, text, "proposal-named-in-support", 0.6, None) {
            events.push(p);
        }
        init.id
    } else {
        skip(skipped, rule, "names no initiative or treaty", text);
        return true;
    };
    if agents.is_empty() {
        skip(skipped, rule, "no state named as acting", text);
        return true;
    }
    let conf = if u.quoted { 0.9 } else { 0.85 };
    let mut e = new_event(
        kind,
        date,
        actor_names(cx, &agents),
        text,
        rule,
        conf * dconf,
    );
    e.speaker = speaker_of(&agents);
    e.occasion = occasion_of(cx, &[text, u.attribution.as_deref().unwrap_or("")]);
    e.fields.insert("initiative".into(), json!(subject_id));
    e.notes = notes;
    cx.last_agents = agents;
    events.push(e);
    true
}

fn proposal(
    cx: &mut Ctx,
    u: &Unit,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let Some(m) = PROPOSE.find(text) else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "proposal-verb", why, text);
        return true;
    }
    let agents = subject(cx, text, m.start(), speaker);
    if agents.is_empty() {
        return false;
    }
    let object = format!(
        "proposal to {}",
        text[m.end()..]
            .trim()
            .trim_start_matches("to ")
            .trim_start_matches("that ")
    );
    let Some(mut init) = initiative_in(cx, &object) else {
        return false;
    };
    init.proposer = agents.clone();
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, false, &mut notes);
    if let Some(mut e) = proposal_event(cx, &init, text, "proposal-verb", 0.8 * dconf, Some(date)) {
        e.occasion = occasion_of(cx, &[text, u.attribution.as_deref().unwrap_or("")]);
        e.notes = notes;
        events.push(e);
    }
    cx.last_agents = agents;
    true
}

fn treaty_act(
    cx: &mut Ctx,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let found = [
        (&*IN_FORCE, Kind::TreatyInForce, "treaty-in-force"),
        (&*RATIFY, Kind::TreatyRatified, "treaty-consent"),
        (&*SIGN, Kind::TreatySigned, "treaty-signed"),
        (&*ADOPT, Kind::TreatyAdopted, "treaty-adopted"),
    ]
    .into_iter()
    .find_map(|(r, k, rule)| r.find(text).map(|m| (m, k, rule)));
    let Some((m, kind, rule)) = found else {
        return false;
    };
    let object = &text[m.end()..];
    let before = &text[..m.start()];
    // The treaty: after the verb ("signed the X"), or before it ("the X entered into force").
    let treaty = if kind == Kind::TreatyInForce {
        treaty_in(cx, before)
    } else {
        treaty_in(cx, object).or_else(|| {
            // Passive: "the X was signed by ..."
            if before.contains(" was ") || before.contains(" were ") {
                treaty_in(cx, before)
            } else {
                None
            }
        })
    };
    let Some((slug, name)) = treaty else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, rule, why, text);
        return true;
    }
    let passive_by = Regex::new(r"(?i)^\s*by\s+(.+)$")
        .ok()
        .and_then(|r| r.captures(object).map(|c| c[1].to_string()));
    let agents: Vec<Agent> = match (&passive_by, kind) {
        // "entered into force for A, B and C": the states named with it.
        (_, Kind::TreatyInForce) => cx.gaz.agents(&cx.gaz.scan(object), cx.published),
        (Some(list), _) => cx.gaz.agents(&cx.gaz.scan(list), cx.published),
        (None, _) => subject(cx, text, m.start(), speaker),
    };
    let agents: Vec<Agent> = if kind == Kind::TreatyAdopted {
        agents
    } else {
        agents
            .into_iter()
            .filter(|a| cx.gaz.is_state(&a.actor))
            .collect()
    };
    if agents.is_empty() && kind != Kind::TreatyInForce {
        skip(skipped, rule, "no state named as acting", text);
        return true;
    }
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, false, &mut notes);
    let mut e = new_event(
        kind,
        date,
        actor_names(cx, &agents),
        text,
        rule,
        0.85 * dconf,
    );
    e.speaker = speaker_of(&agents);
    e.fields.insert("treaty".into(), json!(slug));
    match kind {
        Kind::TreatyRatified => {
            let consent = if m.as_str().to_lowercase().starts_with("acced") {
                "accession"
            } else {
                "ratification"
            };
            e.fields.insert("consent".into(), json!(consent));
        }
        Kind::TreatyInForce => {
            e.fields.insert("overall".into(), json!(true));
        }
        Kind::TreatyAdopted => {
            e.fields.insert("title".into(), json!(name));
            e.fields.insert("form".into(), json!(form_of(&name)));
        }
        _ => {}
    }
    if !cx.known.iter().any(|k| k.id == slug) {
        notes.push(format!(
            "treaty `{slug}` is not in the record: its adoption must be recorded before this act"
        ));
    }
    e.notes = notes;
    if !agents.is_empty() {
        cx.last_agents = agents;
    }
    events.push(e);
    true
}

fn commitment(
    cx: &mut Ctx,
    u: &Unit,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let Some(m) = COMMIT.find(text) else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "commitment-verb", why, text);
        return true;
    }
    if !(MONEY.is_match(text) || WATER_BODY.is_match(text) || ENV_WORD.is_match(text)) {
        skip(
            skipped,
            "commitment-verb",
            "not about the environment",
            text,
        );
        return true;
    }
    let agents = subject(cx, text, m.start(), speaker);
    if agents.is_empty() {
        skip(skipped, "commitment-verb", "no actor named", text);
        return true;
    }
    // What was promised: the words after the verb ("pledged", "committed itself to").
    let after_verb = text[m.start()..]
        .split_once(char::is_whitespace)
        .map(|(_, rest)| rest)
        .unwrap_or("");
    let what = after_verb
        .trim_start_matches("itself ")
        .trim_start_matches("themselves ")
        .trim_start_matches("herself ")
        .trim_start_matches("himself ")
        .trim_start_matches("to ")
        .trim_end_matches('.')
        .to_string();
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, true, &mut notes);
    let mut e = new_event(
        Kind::CommitmentMade,
        date,
        actor_names(cx, &agents),
        text,
        "commitment-verb",
        0.7 * dconf,
    );
    e.speaker = speaker_of(&agents);
    e.occasion = occasion_of(cx, &[text, u.attribution.as_deref().unwrap_or("")]);
    let mut words: Vec<String> = agents.iter().map(|a| a.actor.to_lowercase()).collect();
    words.extend(content_words(&what));
    e.fields
        .insert("commitment".into(), json!(slugify(&words, 6)));
    e.fields
        .insert("text".into(), json!(upper_first(&shorten(&what, 30))));
    e.notes = notes;
    cx.last_agents = agents;
    events.push(e);
    true
}

fn stance(verb: &str, text: &str) -> &'static str {
    let v = verb.to_lowercase();
    let t = text.to_lowercase();
    if ["urged", "called on", "called for", "appealed"].contains(&v.as_str()) {
        "appeal"
    } else if ["critici", "condemn", "blame", "deplor"]
        .iter()
        .any(|w| t.contains(w))
    {
        "critical"
    } else if [
        "danger",
        "threat",
        "concern",
        "worr",
        "alarm",
        "severe",
        "crisis",
        "catastroph",
    ]
    .iter()
    .any(|w| t.contains(w))
        || v == "warned"
    {
        "concerned"
    } else if ["importance", "welcom", "prais", "commend", "value"]
        .iter()
        .any(|w| t.contains(w))
    {
        "supportive"
    } else {
        "neutral"
    }
}

fn on_subject(u: &Unit, a: &Article, text: &str) -> bool {
    WATER_BODY.is_match(text)
        || a.units
            .iter()
            .filter(|x| x.paragraph == u.paragraph)
            .any(|x| OCCASION_WORD.is_match(&x.text))
}

fn statement(
    cx: &mut Ctx,
    u: &Unit,
    a: &Article,
    text: &str,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let Some(m) = STATEMENT.find(text) else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "statement-verb", why, text);
        return true;
    }
    if !on_subject(u, a, text) {
        skip(
            skipped,
            "statement-verb",
            "not about a named sea, lake or river, nor said at the occasion reported",
            text,
        );
        return true;
    }
    let agents = subject(cx, text, m.start(), None);
    if agents.is_empty() {
        skip(skipped, "statement-verb", "no speaker named", text);
        return true;
    }
    let what = text[m.end()..]
        .trim()
        .trim_start_matches("that ")
        .trim_end_matches('.');
    let st = stance(m.as_str(), text);
    for agent in &agents {
        let mut notes = Vec::new();
        let (date, dconf) = act_date(cx, text, true, &mut notes);
        let mut e = new_event(
            Kind::Statement,
            date,
            vec![cx.gaz.name(&agent.actor)],
            text,
            "statement-verb",
            0.7 * dconf,
        );
        e.speaker = agent.speaker.clone();
        e.occasion = occasion_of(cx, &[text]);
        e.fields.insert("stance".into(), json!(st));
        e.fields
            .insert("topic".into(), json!(upper_first(&shorten(what, 24))));
        e.notes = notes;
        events.push(e);
    }
    cx.last_agents = agents;
    true
}

/// The unclaimed sentences of one direct quote, as one statement of its speaker.
fn quoted_statement(cx: &mut Ctx, run: &[&Unit], a: &Article, events: &mut Vec<DraftEvent>) {
    let text = run
        .iter()
        .map(|u| u.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let attribution = run[0].attribution.clone().unwrap_or_default();
    if !(WATER_BODY.is_match(&text) || on_subject(run[0], a, &text)) {
        return;
    }
    let Some(speaker) = speaker_from_attribution(cx, &attribution) else {
        return;
    };
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, &attribution, true, &mut notes);
    let mut e = new_event(
        Kind::Statement,
        date,
        vec![cx.gaz.name(&speaker.actor)],
        &text,
        "quoted-statement",
        0.7 * dconf,
    );
    e.speaker = speaker.speaker.clone();
    e.occasion = occasion_of(cx, &[&attribution]);
    e.fields
        .insert("stance".into(), json!(stance("said", &text)));
    e.fields.insert("topic".into(), json!(shorten(&text, 20)));
    e.notes = notes;
    events.push(e);
}

fn speaker_from_attribution(cx: &Ctx, attribution: &str) -> Option<Agent> {
    let at = REPORTING
        .find(attribution)
        .map(|m| m.start())
        .unwrap_or(attribution.len());
    let ms = cx.gaz.scan(&attribution[..at]);
    cx.gaz
        .agents(&ms, cx.published)
        .into_iter()
        .next()
        .or_else(|| {
            PRONOUN
                .is_match(&attribution[..at])
                .then(|| cx.last_person.clone())
                .flatten()
        })
}

fn quoted_unit(
    cx: &mut Ctx,
    u: &Unit,
    a: &Article,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let _ = a;
    let attribution = u.attribution.clone().unwrap_or_default();
    let speaker = speaker_from_attribution(cx, &attribution);
    let text = u.text.clone();
    treaty_act(cx, &text, speaker.as_ref(), events, skipped)
        || position(cx, u, &text, speaker.as_ref(), events, skipped)
        || proposal(cx, u, &text, speaker.as_ref(), events, skipped)
        || commitment(cx, u, &text, speaker.as_ref(), events, skipped)
}

/// "Germany pledged $100 million, and the United Kingdom pledged 60 million pounds": two
/// acts, when both sides of ", and" state one (a list "A, B, and C signed" is one act).
fn coordinated(text: &str) -> Vec<String> {
    let acts = |s: &str| {
        [&*SUPPORT, &*OPPOSE, &*COMMIT, &*SIGN, &*RATIFY]
            .iter()
            .any(|r| r.is_match(s))
    };
    if let Some((left, right)) = text.split_once(", and ")
        && acts(left)
        && acts(right)
    {
        return vec![left.to_string(), right.to_string()];
    }
    vec![text.to_string()]
}

fn plain_unit(
    cx: &mut Ctx,
    u: &Unit,
    a: &Article,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let parts = coordinated(&u.text);
    if parts.len() > 1 {
        let mut any = false;
        for p in parts {
            let part = Unit {
                text: p,
                ..u.clone()
            };
            any |= plain_unit(cx, &part, a, events, skipped);
        }
        return any;
    }
    let text = u.text.clone();
    if MEETING.is_match(&text) && MEETING_NOUN.is_match(&text) {
        return true; // drafted in the first pass
    }
    treaty_act(cx, &text, None, events, skipped)
        || position(cx, u, &text, None, events, skipped)
        || proposal(cx, u, &text, None, events, skipped)
        || commitment(cx, u, &text, None, events, skipped)
        || statement(cx, u, a, &text, events, skipped)
}

fn meeting(cx: &mut Ctx, u: &Unit, skipped: &mut Vec<Skipped>) -> Option<DraftEvent> {
    let text = &u.text;
    let m = MEETING.find(text)?;
    let noun = MEETING_NOUN.find(text)?;
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "meeting-held", why, text);
        return None;
    }
    let clean = TRAILING_CREDIT.replace(text, "").to_string();
    let mut agents = Vec::new();
    if let Some(c) = BY_LIST.captures(&clean) {
        let list = c[1].trim_end_matches('.').to_string();
        // "hosted by Germany, which chairs HELCOM": the relative clause is not a party.
        let list = Regex::new(r",\s+(?:which|who|whose)\b.*$")
            .map(|r| r.replace(&list, "").to_string())
            .unwrap_or(list);
        for seg in list.split(", ").flat_map(|s| s.split(" and ")) {
            let ms = cx.gaz.scan(seg);
            if let Some(first) = ms.first() {
                agents.extend(cx.gaz.agents(std::slice::from_ref(first), cx.published));
            }
        }
    }
    if agents.is_empty() {
        agents = subject(cx, text, m.start(), None);
    }
    agents.dedup();
    if agents.is_empty() {
        skip(
            skipped,
            "meeting-held",
            "no host, organiser or party named",
            text,
        );
        return None;
    }
    let lower = text.to_lowercase();
    let format = if lower.contains("panel") {
        "panel"
    } else if lower.contains("conference of the parties")
        || Regex::new(r"\bCOP\d+").is_ok_and(|r| r.is_match(text))
    {
        "conference_of_the_parties"
    } else if lower.contains("summit") || lower.contains("heads of state") {
        "summit"
    } else if lower.contains("minister") {
        "ministerial"
    } else if lower.contains("working group") {
        "working_group"
    } else if lower.contains("video") || lower.contains("virtual") {
        "videoconference"
    } else if lower.contains("bilateral") || lower.contains("talks") {
        "bilateral"
    } else {
        "other"
    };
    let venue = VENUE_AT
        .captures(text)
        .map(|c| format!("{}, {}", &c[1], &c[2]))
        .or_else(|| {
            VENUE_IN
                .captures_iter(text)
                .map(|c| c[1].to_string())
                .find(|v| dates::in_clause(v, cx.published).is_none() && !v.starts_with("The"))
        });
    let title = QUOTED_TITLE
        .captures(text)
        .map(|c| c[1].to_string())
        .unwrap_or_else(|| {
            let before = &text[..noun.end()];
            let start = before.rfind([',', '.']).map(|i| i + 1).unwrap_or(0);
            upper_first(
                before[start..]
                    .trim()
                    .trim_start_matches("The ")
                    .trim_start_matches("the ")
                    .trim_start_matches("A ")
                    .trim_start_matches("a "),
            )
        });
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, false, &mut notes);
    let year = date.latest().format("%Y").to_string();
    let mut words = vec![year];
    if let Some(v) = &venue {
        words.extend(content_words(v.rsplit(", ").next().unwrap_or(v)));
    }
    words.extend(content_words(&title).into_iter().take(3));
    let mut e = new_event(
        Kind::MeetingHeld,
        date,
        actor_names(cx, &agents),
        text,
        "meeting-held",
        0.8 * dconf,
    );
    e.fields.insert("meeting".into(), json!(slugify(&words, 6)));
    e.fields.insert("title".into(), json!(title));
    e.fields.insert("format".into(), json!(format));
    if let Some(v) = venue {
        e.fields.insert("venue".into(), json!(v));
    }
    e.notes = notes;
    let _ = u;
    Some(e)
}

fn same_act(a: &DraftEvent, b: &DraftEvent) -> bool {
    a.kind == b.kind
        && a.kind != Kind::Statement
        && a.actors == b.actors
        && a.subject() == b.subject()
        && a.subject().is_some()
        && (a.date.contains(&b.date) || b.date.contains(&a.date))
}

/// One event per act: the surest report of it, completed by the others.
fn merge(events: &mut Vec<DraftEvent>) {
    let mut out: Vec<DraftEvent> = Vec::new();
    for e in events.drain(..) {
        if let Some(x) = out.iter_mut().find(|x| same_act(x, &e)) {
            let (mut keep, other) = if e.confidence > x.confidence {
                (e, x.clone())
            } else {
                (x.clone(), e)
            };
            if keep.speaker.is_none() {
                keep.speaker = other.speaker.clone();
            }
            if keep.occasion.is_none() {
                keep.occasion = other.occasion.clone();
            }
            for (k, v) in other.fields {
                keep.fields.entry(k).or_insert(v);
            }
            if other.date.contains(&keep.date) && other.date != keep.date {
                // keep the more precise date
            } else if keep.date.contains(&other.date) {
                keep.date = other.date;
            }
            *x = keep;
        } else {
            out.push(e);
        }
    }
    *events = out;
}

/// A treaty that entered into force did so for the states the article says consented.
fn in_force_parties(events: &mut Vec<DraftEvent>, skipped: &mut Vec<Skipped>) {
    let consents: Vec<(String, Vec<String>)> = events
        .iter()
        .filter(|e| e.kind == Kind::TreatyRatified)
        .filter_map(|e| e.subject().map(|s| (s.to_string(), e.actors.clone())))
        .collect();
    events.retain_mut(|e| {
        if e.kind != Kind::TreatyInForce || !e.actors.is_empty() {
            return true;
        }
        let slug = e.subject().unwrap_or_default().to_string();
        let mut parties: Vec<String> = consents
            .iter()
            .filter(|(s, _)| *s == slug)
            .flat_map(|(_, a)| a.clone())
            .collect();
        parties.sort();
        parties.dedup();
        if parties.is_empty() {
            skip(
                skipped,
                "treaty-in-force",
                "the article names no state that consented to the treaty",
                &e.quote,
            );
            return false;
        }
        e.actors = parties;
        e.notes
            .push("parties: the states the article says consented".into());
        true
    });
}

fn assign_keys(cx: &Ctx, events: &mut [DraftEvent]) {
    let mut used = std::collections::BTreeSet::new();
    for e in events.iter_mut() {
        let who = e
            .actors
            .first()
            .map(|a| {
                cx.gaz
                    .scan(a)
                    .first()
                    .and_then(|m| match &m.named {
                        Named::State(s) => Some(s.to_lowercase()),
                        _ => None,
                    })
                    .unwrap_or_else(|| slugify(&content_words(a), 2))
            })
            .unwrap_or_else(|| "unknown".into());
        let what = e
            .subject()
            .map(str::to_string)
            .or_else(|| {
                e.fields
                    .get("meeting")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let short = e
            .kind
            .as_str()
            .split('_')
            .next()
            .unwrap_or("act")
            .to_string();
        let base = if what.is_empty() {
            format!("{who}-{short}")
        } else {
            format!("{who}-{short}-{what}")
        };
        let base: String = base
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string();
        let mut key = base.clone();
        let mut n = 2;
        while !used.insert(key.clone()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        e.key = key;
    }
}
