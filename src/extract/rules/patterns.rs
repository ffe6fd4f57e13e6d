//! The patterns the rules match: the verbs of each kind of act, the guards
//! (negation, modality, conditionals), and the names of treaties, meetings and places.

use std::sync::LazyLock;

use regex::Regex;

pub(super) fn re(s: &str) -> Regex {
    Regex::new(s).expect("a valid rule pattern")
}

pub(super) static SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:expressed|voiced|reaffirmed|affirmed|declared|confirmed|reiterated)\s+(?:[\w’']+\s+){0,2}support(?:\s+\w+){0,2}?\s+(?:for|to)|supports|supported|backs|backed|endorses|endorsed|(?:we|i|they|fully|strongly|also|not|didn[’']t|doesn[’']t|never)\s+(?:support|back|endorse))\b",
    )
});
pub(super) static OPPOSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:opposed|opposes|rejected|rejects|objected to|objects to|(?:expressed|voiced|reiterated)\s+(?:[\w’']+\s+){0,2}opposition\s+to)\b",
    )
});
pub(super) static PROPOSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:proposed|put forward|launched an initiative|tabled)\b"));
pub(super) static COMMIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:pledged|vowed|promised|undertook|committed (?:itself|themselves|herself|himself)|agreed)\s+(?:up to\s+|at least\s+|more than\s+|over\s+)?(?:to\b|\$|US\$|€|£|\d)",
    )
});
pub(super) static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:said|says|stated|emphasi[sz]ed|stressed|underlined|underscored|urged|warned|called on|called for|appealed)\b",
    )
});
pub(super) static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:was|were|has been|have been)\s+(?:held|convened|hosted)|took place|(?:held|hosted|convened)\s+(?:a|an|the|its|their)|met\s+(?:in|at|on|for)|gathered\s+(?:in|at))\b",
    )
});
pub(super) static MEETING_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(summit|meeting|conference|panel|session|talks|forum|COP\d*|dialogue|consultations?)\b",
    )
});
pub(super) static SIGN: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:signed|inked)\b"));
pub(super) static RATIFY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:ratified|ratifies|acceded to|accedes to|acceded)\b"));
pub(super) static IN_FORCE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:entered|enters|came|comes) into force\b"));
pub(super) static ADOPT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\badopted\b"));
pub(super) static TREATY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?:[A-Z][\w’'-]*|\d{4}|of|the|on|for|and)\s+)*?(?:[A-Z][\w’'-]*\s+)*(?:Convention|Agreement|Protocol|Treaty|Declaration|Accord|Memorandum|Charter)(?:\s+(?:on|of|for|against|to|concerning)(?:\s+(?:the|and|of|for|on|against)|\s+[A-Z][\w’'-]*)+)?(?:\s+\(([A-Z]{2,8})\))?",
    )
});
pub(super) static TREATY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bthe\s+(?:agreement|convention|protocol|treaty|accord|declaration)\b|\bit\b")
});
pub(super) static INITIATIVE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(initiative|proposal|plan|idea|call|bid|project|programme|program|deal|goal|target|package|agreement|convention|protocol|treaty|declaration|framework)\b",
    )
});
pub(super) static PROPOSER_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:initiative|proposal|plan|idea|call|bid)\s+(?:of|by)\s+(.+?)\s+(?:to|for|on)\b")
});
pub(super) static PROPOSER_POSS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"([A-Z][\w-]+)['’]s\s+(?:[\w-]+\s+){0,2}?(?:initiative|proposal|plan|idea|call|bid)\b")
});
pub(super) static CLAUSE_AFTER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:initiative|proposal|plan|idea|call|bid)\b[^,]*?\b(?:to|for)\s+(.+)$")
});
pub(super) static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:not|n[’']t|never|no longer|declined to|refused to|failed to)\s+(?:\w+\s+){0,2}$")
});
pub(super) static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:will|would|could|should|may|might|shall|plans? to|planning to|intends? to|hopes? to|aims? to|expected to|ready to|set to|is to|are to|wants? to|seeks? to|going to)\s+(?:\w+\s+){0,1}$",
    )
});
pub(super) static CONDITIONAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:^|\b)(?:if|unless|should)\b"));
pub(super) static WATER_BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:[A-Z][a-z]+ (?:Sea|Lake|River|Basin|Ocean|Delta|Gulf)|(?:Lake|Gulf of|Sea of) [A-Z][a-z]+|Mekong|Nile|Danube|Aral|Caspian|Baltic)\b",
    )
});
pub(super) static OCCASION_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bthe (?:event|meeting|summit|conference|panel|session|forum)\b"));
pub(super) static OCCASION_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:address(?:ing)? to|at|on the sidelines of|during) the ((?:[A-Z][\w-]*\s+)+?(?:Summit|Conference|Forum|Meeting|Session|COP\d*))(?:\s+in\s+([A-Z][a-z]+))?",
    )
});
pub(super) static REPORTING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:said|says|told|stated|added|noted)\b"));
pub(super) static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:he|she|they|we|i|it|his country|her country|the country|our country)\b")
});
pub(super) static MONEY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\$|US\$|€|£)\s?\d|\d+\s?(?:million|billion)"));
pub(super) static ENV_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:climate|environment\w*|pollution|emissions?|biodiversity|water|fund|sea|river|lake|basin)\b",
    )
});
pub(super) static QUOTED_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r#"[“"]([^”"]{6,200})[”"]"#));
pub(super) static BY_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:co-?organi[sz]ed|organi[sz]ed|hosted|convened|chaired|attended)\s+by\s+(.+)$")
});
pub(super) static VENUE_AT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bat the ([A-Z][\w]*(?: [A-Za-z]+)*? (?:headquarters|Headquarters|Centre|Center|Hall|Palace))\s+in\s+([A-Z][a-z]+)",
    )
});
pub(super) static VENUE_IN: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bin ([A-Z][a-z]+(?: [A-Z][a-z]+)?)"));
pub(super) static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r",\s+(?:The )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3}\s+(?:informs|reports)\b.*$")
});

pub(super) const STOP: &[&str] = &[
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
