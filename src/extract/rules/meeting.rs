//! Meetings held: who hosted or organised them, format, venue and title.

use super::*;

pub(super) fn meeting(cx: &mut Ctx, u: &Unit, skipped: &mut Vec<Skipped>) -> Option<DraftEvent> {
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
