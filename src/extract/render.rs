//! A draft as a seed file (TOML, what `accord ingest` reads; each event's rule,
//! confidence and notes as comments the parser ignores) or as JSON for tools.

use serde_json::Value;

use super::Draft;

fn toml_value(v: &Value) -> String {
    match v {
        Value::String(s) => toml::Value::String(s.clone()).to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "{{ {} }}",
            m.iter()
                .map(|(k, v)| format!("{k} = {}", toml_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Null => "\"\"".into(),
    }
}

fn s(v: &str) -> String {
    toml_value(&Value::String(v.to_string()))
}

fn comment(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n")).collect()
}

/// The draft as a seed file.
pub fn toml(draft: &Draft, article: &str) -> String {
    let mut out = String::new();
    out.push_str(&comment(&format!(
        "Draft written by `accord extract` from {article}. Review it: delete what the article does not\n\
         state, correct what is wrong (each event's rule and confidence are above it), then append it with\n\
         `accord ingest {article} --review --draft THIS-FILE`."
    )));
    out.push_str("\n[source]\n");
    let m = &draft.source;
    out.push_str(&format!(
        "title = {}\n",
        s(m.title.as_deref().unwrap_or("(no title)"))
    ));
    out.push_str(&format!(
        "publisher = {}\n",
        s(m.publisher.as_deref().unwrap_or("unknown (fill in)"))
    ));
    if let Some(p) = m.published {
        out.push_str(&format!("published = {}\n", s(&p.to_string())));
    }
    if let Some(u) = &m.url {
        out.push_str(&format!("url = {}\n", s(u)));
    }
    if let Some(n) = &m.note {
        out.push_str(&format!("note = {}\n", s(n)));
    }
    if draft.events.is_empty() {
        out.push_str("\n# No act was found that the text states as done.\n");
    }
    for e in &draft.events {
        out.push('\n');
        out.push_str(&format!(
            "# rule: {}; confidence: {:.2}\n",
            e.rule, e.confidence
        ));
        for n in &e.notes {
            out.push_str(&comment(&format!("note: {n}")));
        }
        out.push_str("[[event]]\n");
        out.push_str(&format!("key = {}\n", s(&e.key)));
        out.push_str(&format!("kind = {}\n", s(e.kind.as_str())));
        out.push_str(&format!("date = {}\n", s(&e.date.to_string())));
        out.push_str(&format!(
            "actors = {}\n",
            toml_value(&Value::Array(
                e.actors.iter().cloned().map(Value::String).collect()
            ))
        ));
        if let Some(sp) = &e.speaker {
            out.push_str(&format!("speaker = {}\n", s(sp)));
        }
        if let Some(o) = &e.occasion {
            out.push_str(&format!("occasion = {}\n", s(o)));
        }
        for (k, v) in &e.fields {
            out.push_str(&format!("{k} = {}\n", toml_value(v)));
        }
        out.push_str(&format!("quote = {}\n", s(&e.quote)));
    }
    if !draft.skipped.is_empty() {
        out.push_str(
            "\n# Left out (a rule matched, but the text does not state the act as done):\n",
        );
        for k in &draft.skipped {
            out.push_str(&comment(&format!(
                "- {} ({}): {}",
                k.rule, k.reason, k.text
            )));
        }
    }
    out
}

/// The draft as JSON: source, events (with rule and confidence), and what was left out.
pub fn json(draft: &Draft) -> Value {
    serde_json::to_value(draft).expect("a draft serialises")
}
