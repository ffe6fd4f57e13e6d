//! `accord log <kind>` and `accord log --from-json FILE|-`: record what states
//! said and did. Every event is validated before it is appended; a repeated
//! statement is recognised (exit 6), the same act from a new source is added
//! as a source, and a batch from JSON is appended all or nothing.

mod meeting;
mod treaty;

use std::collections::BTreeMap;
use std::io::Read;

use clap::Subcommand;
use serde_json::{Map, Value, json};

use crate::cli::{Env, OK, print_json};
use crate::domain::input::event_from_json;
use crate::domain::{Kind, NewEvent};
use crate::error::{Error, Result, exit};
use crate::query::resolve_initiative;
use crate::store::{Appended, Expected, OnSimilar, RowSelect};

/// Record an act: support, opposition, a withdrawal, a proposal, a meeting, a
/// commitment, progress, a fulfilment, a statement, a treaty's adoption,
/// signature, ratification, entry into force or a withdrawal from it; or a
/// batch from JSON.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_required = false,
    after_help = "\
Examples:
  accord log support --initiative caspian-expert-group --state KAZ --on 2024-11-12 \\
      --speaker \"Kassym-Jomart Tokayev\" --source-title \"Kazakhstan Affirms Support...\" \\
      --publisher \"The Caspian Post\" --published 2024-11-12 \\
      --quote \"We support the initiative of (Azerbaijani) President Ilham Aliyev...\"
  accord log --from-json events.jsonl
  some-script | accord log --from-json -"
)]
pub struct Args {
    /// Append events given as JSON (one object, a list, or JSON Lines) from FILE, or - for
    /// standard input. All or nothing: one bad event appends none, naming its line.
    #[arg(long, value_name = "FILE|-")]
    pub from_json: Option<String>,
    /// With --from-json: validate and show what would be appended, without appending.
    #[arg(long)]
    pub dry_run: bool,
    /// With --from-json: an act whose date overlaps a recorded one (same kind, actors and
    /// subject) is added as a source of it.
    #[arg(long, conflicts_with = "new_event")]
    pub add_source: bool,
    /// With --from-json: such an act is recorded as a separate act.
    #[arg(long)]
    pub new_event: bool,
    #[command(subcommand)]
    pub act: Option<Act>,
}

#[derive(Debug, Subcommand)]
pub enum Act {
    /// A state declares support for an initiative.
    #[command(
        after_help = "Example:\n  accord log support --initiative caspian-expert-group --state KAZ --on 2024-11-12 --speaker \"Kassym-Jomart Tokayev\" --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Support(OnInitiative),
    /// A state declares opposition to an initiative.
    #[command(
        after_help = "Example:\n  accord log oppose --initiative caspian-expert-group --state RUS --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Oppose(OnInitiative),
    /// A state withdraws its support (it must have supported the initiative before).
    #[command(
        after_help = "Example:\n  accord log withdraw --initiative caspian-expert-group --state KAZ --on 2025-06-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Withdraw(OnInitiative),
    /// A state or organisation proposes a new initiative.
    #[command(
        after_help = "Example:\n  accord log propose --initiative caspian-seal-census --title \"Joint census of the Caspian seal\" --by KAZ --scope \"Caspian littoral states\" --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Propose(Propose),
    /// A panel was held (a meeting of format panel).
    #[command(
        after_help = "Example:\n  accord log panel --id 2025-baku-sea-level --title \"Caspian sea level\" --organiser AZE --participant \"UNEP: Jane Doe\" --topic \"sea level\" --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Panel(Panel),
    /// A meeting of any format: summit, ministerial, working group, bilateral, videoconference, COP…
    #[command(
        after_help = "Example:\n  accord log meeting --id 2025-caspian-ministerial --title \"Ministerial meeting on the Caspian environment\" --format ministerial --party \"Caspian littoral states\" --host KAZ --venue Aktau --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Meeting(meeting::Meeting),
    /// A treaty or joint declaration was adopted (a declaration commits each adopting state).
    #[command(
        after_help = "Example:\n  accord log adopt --treaty 2025-caspian-declaration --title \"Joint declaration on the Caspian Sea\" --form declaration --by \"Caspian littoral states\" --text \"Cooperate on the sea level\" --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Adopt(treaty::Adopt),
    /// A state signs a treaty.
    #[command(
        after_help = "Example:\n  accord log sign --treaty aktau-protocol --state AZE --state KAZ --on 2014-07-20 --source-title \"T\" --publisher \"P\" --published 2014-07-21 --quote \"Q\""
    )]
    Sign(treaty::OnTreaty),
    /// A state ratifies (accepts, approves or accedes to) a treaty.
    #[command(
        after_help = "Example:\n  accord log ratify --treaty aktau-protocol --state KAZ --consent ratification --on 2016-05-01 --source-title \"T\" --publisher \"P\" --published 2016-05-02 --quote \"Q\""
    )]
    Ratify(treaty::Ratify),
    /// A treaty entered into force, overall (--overall) or for the states named.
    #[command(
        name = "in-force",
        after_help = "Example:\n  accord log in-force --treaty tehran-convention --overall --state AZE --state IRN --state KAZ --state RUS --state TKM --on 2006-08-12 --source-title \"T\" --publisher \"P\" --published 2006-08-12 --quote \"Q\""
    )]
    InForce(treaty::InForce),
    /// A state withdraws from a treaty.
    #[command(
        after_help = "Example:\n  accord log leave --treaty aktau-protocol --state KAZ --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Leave(treaty::OnTreaty),
    /// A state makes a commitment, optionally on an initiative, optionally with a deadline.
    #[command(
        after_help = "Example:\n  accord log commit --initiative caspian-expert-group --state KAZ --text \"Nominate national experts\" --deadline 2025-09-01 --on 2025-03-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Commit(Commit),
    /// A state reports progress on a commitment.
    #[command(
        after_help = "Example:\n  accord log progress --commitment caspian-expert-group/kaz-2025-03-01 --state KAZ --percent 40 --on 2025-05-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Progress(Progress),
    /// A state fulfils a commitment.
    #[command(
        after_help = "Example:\n  accord log fulfil --commitment caspian-expert-group/kaz-2025-03-01 --state KAZ --on 2025-08-01 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Fulfil(Fulfil),
    /// A statement on a topic, optionally about an initiative.
    #[command(
        after_help = "Example:\n  accord log statement --actor KAZ --stance concerned --topic \"The Caspian Sea is in danger\" --on 2024-11-12 --source-title \"T\" --publisher \"P\" --published 2025-03-02 --quote \"Q\""
    )]
    Statement(StatementArgs),
}

/// What every logged act carries: its date, who spoke, and the source.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// When the act happened: YYYY-MM-DD, YYYY-MM, YYYY, "on or before YYYY-MM-DD",
    /// or "between YYYY-MM-DD and YYYY-MM-DD".
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Who spoke or acted for the party, as the source names them.
    #[arg(long)]
    pub speaker: Option<String>,
    /// The speaker's role (filled in from the registry for registered people).
    #[arg(long)]
    pub speaker_role: Option<String>,
    /// The occasion, e.g. "World Leaders Climate Action Summit, Baku".
    #[arg(long)]
    pub occasion: Option<String>,
    /// The source article's title.
    #[arg(long, value_name = "TITLE")]
    pub source_title: String,
    /// Who published the source.
    #[arg(long)]
    pub publisher: String,
    /// When the source was published.
    #[arg(long, value_name = "DATE")]
    pub published: String,
    /// Where the source can be read.
    #[arg(long)]
    pub url: Option<String>,
    /// A short verbatim quote from the source that states the act.
    #[arg(long)]
    pub quote: String,
    /// A note on the source (e.g. whom it relays).
    #[arg(long)]
    pub source_note: Option<String>,
    /// The stream version this append expects (fails with exit 5 if another writer came first).
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
    /// Validate and print the event that would be appended, without appending it.
    #[arg(long)]
    pub dry_run: bool,
    /// If the act may already be recorded (same kind, actors and subject, one date
    /// containing the other), add this article as a source of it. Without this or
    /// --new-event, accord asks on a terminal and otherwise refuses (exit 6).
    #[arg(long, conflicts_with = "new_event")]
    pub add_source: bool,
    /// If the act may already be recorded, record it as a separate act anyway.
    #[arg(long)]
    pub new_event: bool,
}

/// The choice for acts that may already be recorded, from the flags.
fn on_similar(add_source: bool, new_event: bool) -> OnSimilar {
    match (add_source, new_event) {
        (true, _) => OnSimilar::AddSource,
        (_, true) => OnSimilar::NewEvent,
        _ => OnSimilar::Refuse,
    }
}

/// Asks on the terminal whether a possibly recorded act is the recorded one.
fn ask_similar(e: &Error) -> Option<OnSimilar> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return None;
    }
    eprintln!("{e}");
    eprint!("Add this article as a source of that event? [y]es, [n]o: a new event, [c]ancel: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    match line.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "" => Some(OnSimilar::AddSource),
        "n" | "no" => Some(OnSimilar::NewEvent),
        _ => None,
    }
}

#[derive(Debug, clap::Args)]
pub struct OnInitiative {
    /// The initiative: its id or a unique part of its title.
    #[arg(long)]
    pub initiative: String,
    /// The acting state (code, name or alias); repeat for a joint act.
    #[arg(long = "state", required = true)]
    pub states: Vec<String>,
    /// Whom the act was addressed to (e.g. the proposing state); repeat.
    #[arg(long = "to")]
    pub recipients: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Propose {
    /// The new initiative's id, a slug such as caspian-expert-group.
    #[arg(long)]
    pub initiative: String,
    #[arg(long)]
    pub title: String,
    /// The proposing state(s) or organisation(s); repeat for a joint proposal.
    #[arg(long = "by", required = true)]
    pub by: Vec<String>,
    /// The states it concerns (codes, names or a group such as "Caspian littoral states").
    #[arg(long = "scope", required = true, value_delimiter = ',')]
    pub scope: Vec<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Panel {
    /// The panel's id, a slug.
    #[arg(long)]
    pub id: String,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub venue: Option<String>,
    /// An organiser (state or organisation); repeat for several.
    #[arg(long = "organiser", required = true)]
    pub organisers: Vec<String>,
    /// A participant: a state or organisation, a person's name, or "PARTY: PERSON"; repeat.
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    /// A topic discussed; repeat.
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    /// An initiative the panel concerned; repeat.
    #[arg(long = "initiative")]
    pub initiatives: Vec<String>,
    #[arg(long)]
    pub outcome: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Commit {
    /// The committing state; repeat for a joint commitment.
    #[arg(long = "state", required = true)]
    pub states: Vec<String>,
    /// The initiative the commitment belongs to, if any.
    #[arg(long)]
    pub initiative: Option<String>,
    /// What was committed to.
    #[arg(long)]
    pub text: String,
    /// The deadline (a day after the commitment's date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub deadline: Option<String>,
    /// A slug for the commitment (default: the state and the date).
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Progress {
    /// The commitment's id, as `accord state` shows it.
    #[arg(long)]
    pub commitment: String,
    #[arg(long = "state", required = true)]
    pub states: Vec<String>,
    /// Progress in percent (0 to 100).
    #[arg(long)]
    pub percent: Option<u8>,
    /// What was reported.
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Fulfil {
    #[arg(long)]
    pub commitment: String,
    #[arg(long = "state", required = true)]
    pub states: Vec<String>,
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct StatementArgs {
    /// Who made the statement: a state, an organisation or a registered person.
    #[arg(long = "actor", required = true)]
    pub actors: Vec<String>,
    /// supportive, neutral, concerned, critical or appeal.
    #[arg(long)]
    pub stance: String,
    #[arg(long)]
    pub topic: String,
    #[arg(long)]
    pub initiative: Option<String>,
    /// Whom the statement was addressed to; repeat.
    #[arg(long = "to")]
    pub recipients: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

fn base(kind: Kind, c: &Common, actors: &[String]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind.as_str()));
    m.insert("date".into(), json!(c.on));
    m.insert("actors".into(), json!(actors));
    if let Some(s) = &c.speaker {
        m.insert("speaker".into(), json!({"name": s, "role": c.speaker_role}));
    }
    if let Some(o) = &c.occasion {
        m.insert("occasion".into(), json!(o));
    }
    let mut src = json!({
        "title": c.source_title, "publisher": c.publisher, "published": c.published, "quote": c.quote,
    });
    if let Some(u) = &c.url {
        src["url"] = json!(u);
    }
    if let Some(n) = &c.source_note {
        src["note"] = json!(n);
    }
    m.insert("source".into(), src);
    m
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

async fn initiative(env: &Env, name: &str) -> Result<String> {
    resolve_initiative(&env.store, name).await
}

/// Builds the event an act's flags describe, and the common flags.
async fn build(env: &Env, act: Act) -> Result<(NewEvent, Common)> {
    let (map, common) = match act {
        Act::Support(a) => on_initiative(env, Kind::SupportDeclared, a).await?,
        Act::Oppose(a) => on_initiative(env, Kind::OppositionDeclared, a).await?,
        Act::Withdraw(a) => on_initiative(env, Kind::SupportWithdrawn, a).await?,
        Act::Propose(a) => {
            let mut m = base(Kind::InitiativeProposed, &a.common, &a.by);
            m.insert("initiative".into(), json!(a.initiative));
            m.insert("title".into(), json!(a.title));
            m.insert(
                "scope".into(),
                json!(a.scope.iter().map(|s| s.trim()).collect::<Vec<_>>()),
            );
            if let Some(d) = &a.description {
                m.insert("description".into(), json!(d));
            }
            (m, a.common)
        }
        Act::Panel(a) => {
            let mut m = base(Kind::MeetingHeld, &a.common, &a.organisers);
            m.insert("meeting".into(), json!(a.id));
            m.insert("title".into(), json!(a.title));
            m.insert("format".into(), json!("panel"));
            if let Some(v) = &a.venue {
                m.insert("venue".into(), json!(v));
            }
            let mut parts = Vec::new();
            for p in &a.participants {
                parts.push(participant(env, p));
            }
            m.insert("participants".into(), Value::Array(parts));
            m.insert("topics".into(), json!(a.topics));
            let mut inits = Vec::new();
            for i in &a.initiatives {
                inits.push(initiative(env, i).await?);
            }
            m.insert("initiatives".into(), json!(inits));
            if let Some(o) = &a.outcome {
                m.insert("outcome".into(), json!(o));
            }
            (m, a.common)
        }
        Act::Commit(a) => {
            let mut m = base(Kind::CommitmentMade, &a.common, &a.states);
            let init = match &a.initiative {
                Some(i) => Some(initiative(env, i).await?),
                None => None,
            };
            let id = match &a.id {
                Some(id) => id.clone(),
                None => {
                    default_commitment_slug(env, &a.states, &a.common.on, init.as_deref()).await?
                }
            };
            let full = match &init {
                Some(i) => format!("{i}/{id}"),
                None => id,
            };
            m.insert("commitment".into(), json!(full));
            if let Some(i) = init {
                m.insert("initiative".into(), json!(i));
            }
            m.insert("text".into(), json!(a.text));
            if let Some(d) = &a.deadline {
                m.insert("deadline".into(), json!(d));
            }
            (m, a.common)
        }
        Act::Progress(a) => {
            let mut m = base(Kind::ProgressReported, &a.common, &a.states);
            m.insert("commitment".into(), json!(a.commitment));
            if let Some(p) = a.percent {
                m.insert("percent".into(), json!(p));
            }
            if let Some(t) = &a.text {
                m.insert("text".into(), json!(t));
            }
            (m, a.common)
        }
        Act::Fulfil(a) => {
            let mut m = base(Kind::CommitmentFulfilled, &a.common, &a.states);
            m.insert("commitment".into(), json!(a.commitment));
            if let Some(t) = &a.text {
                m.insert("text".into(), json!(t));
            }
            (m, a.common)
        }
        Act::Statement(a) => {
            let mut m = base(Kind::Statement, &a.common, &a.actors);
            let stance: crate::domain::Stance = a
                .stance
                .parse()
                .map_err(|e: String| Error::invalid(e, "pick one of the stances listed"))?;
            m.insert("stance".into(), json!(stance));
            m.insert("topic".into(), json!(a.topic));
            if let Some(i) = &a.initiative {
                m.insert("initiative".into(), json!(initiative(env, i).await?));
            }
            if !a.recipients.is_empty() {
                m.insert("recipients".into(), json!(a.recipients));
            }
            (m, a.common)
        }
        Act::Meeting(a) => meeting::build(env, a).await?,
        Act::Adopt(a) => treaty::adopt(env, a).await?,
        Act::Sign(a) => treaty::on_treaty(env, Kind::TreatySigned, a).await?,
        Act::Ratify(a) => treaty::ratify(env, a).await?,
        Act::InForce(a) => treaty::in_force(env, a).await?,
        Act::Leave(a) => treaty::on_treaty(env, Kind::TreatyWithdrawn, a).await?,
    };
    let ev = event_from_json(Value::Object(map), env.registry, &recorded_by())?;
    Ok((ev, common))
}

fn participant(env: &Env, p: &str) -> Value {
    let (party, person) = match p.split_once(':') {
        Some((a, b)) => (Some(a.trim()), Some(b.trim())),
        None => (Some(p.trim()), None),
    };
    match (
        party.and_then(|a| env.registry.resolve_party(a).ok()),
        person,
    ) {
        (Some(a), person) => json!({"actor": a.id, "person": person}),
        (None, _) => json!({"person": p.trim()}),
    }
}

async fn on_initiative(
    env: &Env,
    kind: Kind,
    a: OnInitiative,
) -> Result<(Map<String, Value>, Common)> {
    let mut m = base(kind, &a.common, &a.states);
    m.insert(
        "initiative".into(),
        json!(initiative(env, &a.initiative).await?),
    );
    if !a.recipients.is_empty() {
        m.insert("recipients".into(), json!(a.recipients));
    }
    Ok((m, a.common))
}

async fn default_commitment_slug(
    env: &Env,
    states: &[String],
    date: &str,
    init: Option<&str>,
) -> Result<String> {
    let who = states
        .iter()
        .map(|s| {
            env.registry
                .resolve(s)
                .map(|a| a.id.to_lowercase())
                .unwrap_or_else(|_| slug(s))
        })
        .collect::<Vec<_>>()
        .join("-");
    let base = format!("{who}-{}", slug(date));
    let taken: Vec<String> = match init {
        Some(i) => env
            .store
            .rows(&RowSelect::Stream(format!("initiative/{i}")))
            .await?
            .commitments
            .keys()
            .map(|(id, _)| id.rsplit('/').next().unwrap_or(id).to_string())
            .collect(),
        None => env
            .store
            .rows(&RowSelect::All)
            .await?
            .commitments
            .keys()
            .map(|(id, _)| id.clone())
            .collect(),
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Who records events: `ACCORD_USER`, else the login name.
pub fn recorded_by() -> String {
    std::env::var("ACCORD_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

fn outcome_json(a: &Appended, dry_run: bool) -> Value {
    let status = match (a.new, a.corroborates) {
        (_, _) if dry_run && a.new => "would_append",
        (true, Some(_)) => "source_added",
        (true, None) => "appended",
        (false, _) => "duplicate",
    };
    json!({"status": status, "id": a.id, "stream": a.stream, "version": a.version, "position": a.position, "corroborates": a.corroborates})
}

fn say(a: &Appended, dry_run: bool) {
    let verb = if dry_run { "would append" } else { "appended" };
    match (a.new, a.corroborates) {
        (true, Some(orig)) => println!(
            "already recorded as {orig}; {verb} this source to it as {} ({} version {})",
            a.id, a.stream, a.version
        ),
        (true, None) => println!("{verb} {} to {} (version {})", a.id, a.stream, a.version),
        (false, _) => println!(
            "already recorded as {} ({} version {}); nothing appended",
            a.id, a.stream, a.version
        ),
    }
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    env.seed_if_empty().await?;
    match (a.from_json, a.act) {
        (Some(path), None) => {
            from_json(env, &path, a.dry_run, on_similar(a.add_source, a.new_event)).await
        }
        (None, Some(act)) => one(env, act).await,
        _ => Err(Error::invalid(
            "say what to log",
            "give a kind (`accord log support ...`) or `--from-json FILE`; see `accord log --help`",
        )),
    }
}

async fn one(env: &Env, act: Act) -> Result<i32> {
    let (ev, common) = build(env, act).await?;
    let mut opts = env.append_options();
    opts.dry_run = common.dry_run;
    opts.on_similar = on_similar(common.add_source, common.new_event);
    let preview = common.dry_run.then(|| crate::render::event::preview(&ev));
    let append = |opts: crate::store::AppendOptions<'static>, ev: NewEvent| async move {
        let result = match (common.expect_version, ev.data.stream()) {
            (Some(v), Some(stream)) => {
                let exp = BTreeMap::from([(
                    stream,
                    if v == 0 {
                        Expected::NoStream
                    } else {
                        Expected::Exactly(v)
                    },
                )]);
                env.store.append_batch(vec![ev], &exp, &opts).await
            }
            _ => env.store.append_any(vec![ev], &opts).await,
        };
        result.map_err(|e| match e {
            Error::InEvent { inner, .. } => *inner,
            other => other,
        })
    };
    let out = match append(opts.clone(), ev.clone()).await {
        Err(e @ Error::MaybeRecorded { .. }) if !env.json => match ask_similar(&e) {
            Some(choice) => {
                opts.on_similar = choice;
                append(opts, ev).await?
            }
            None => return Err(e),
        },
        other => other?,
    };
    let a = &out[0];
    if env.json {
        let mut v = outcome_json(a, common.dry_run);
        if let Some(p) = preview {
            v["event"] = p;
        }
        print_json(&v);
    } else {
        if let Some(p) = &preview {
            println!("{}", serde_json::to_string_pretty(p).expect("json"));
        }
        say(a, common.dry_run);
    }
    Ok(if a.new { OK } else { exit::DUPLICATE })
}

/// Reads events from JSON: one object, a list, or JSON Lines. Returns each with its line.
pub fn read_events(name: &str, text: &str, env: &Env) -> Result<Vec<(usize, NewEvent)>> {
    let at = |line: usize, column: usize, e: Error| Error::InputFile {
        file: name.to_string(),
        line,
        column,
        message: e.to_string(),
        hint: e.hint(),
    };
    let trimmed = text.trim_start();
    let first_line = text.len() - trimmed.len();
    let first_line = text[..first_line].matches('\n').count() + 1;
    let values: Vec<(usize, Value)> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(list)) => list
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i + 1, v))
            .collect(),
        Ok(v @ Value::Object(_)) => vec![(first_line, v)],
        Ok(other) => {
            return Err(at(
                first_line,
                1,
                Error::invalid(
                    format!("expected JSON objects, found {other}"),
                    "give one object per line",
                ),
            ));
        }
        Err(_) => {
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let v: Value = serde_json::from_str(line).map_err(|e| {
                    at(
                        i + 1,
                        e.column(),
                        Error::invalid(
                            format!("not valid JSON: {e}"),
                            "write one JSON object per line",
                        ),
                    )
                })?;
                out.push((i + 1, v));
            }
            out
        }
    };
    if values.is_empty() {
        return Err(at(
            1,
            1,
            Error::invalid("no events in the input", "give at least one JSON object"),
        ));
    }
    let by = recorded_by();
    values
        .into_iter()
        .map(|(line, v)| {
            event_from_json(v, env.registry, &by)
                .map(|e| (line, e))
                .map_err(|e| at(line, 1, e))
        })
        .collect()
}

async fn from_json(env: &Env, path: &str, dry_run: bool, similar: OnSimilar) -> Result<i32> {
    let (name, bytes) = if path == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).map_err(|e| {
            Error::invalid(
                format!("cannot read standard input: {e}"),
                "pipe JSON into accord",
            )
        })?;
        ("<stdin>".to_string(), b)
    } else {
        let b = std::fs::read(path).map_err(|e| Error::NotFound {
            what: format!("file {path}"),
            hint: Some(e.to_string()),
        })?;
        (path.to_string(), b)
    };
    let text = String::from_utf8(bytes).map_err(|e| Error::InputFile {
        file: name.clone(),
        line: 1,
        column: 1,
        message: format!("not UTF-8 text ({e})"),
        hint: Some("save the file as UTF-8".into()),
    })?;
    let events = read_events(&name, &text, env)?;
    let lines: Vec<usize> = events.iter().map(|(l, _)| *l).collect();
    let mut opts = env.append_options();
    opts.dry_run = dry_run;
    opts.on_similar = similar;
    let out = env
        .store
        .append_batch(
            events.into_iter().map(|(_, e)| e).collect(),
            &BTreeMap::new(),
            &opts,
        )
        .await
        .map_err(|e| match e {
            Error::InEvent { index, inner, .. } => Error::InputFile {
                file: name.clone(),
                line: lines.get(index).copied().unwrap_or(1),
                column: 1,
                message: format!("{inner} (nothing was appended)"),
                hint: inner.hint(),
            },
            other => other,
        })?;
    let new = out.iter().filter(|a| a.new).count();
    if env.json {
        print_json(
            &out.iter()
                .map(|a| outcome_json(a, dry_run))
                .collect::<Vec<_>>(),
        );
    } else {
        for a in &out {
            say(a, dry_run);
        }
        println!(
            "{new} of {} events {}",
            out.len(),
            if dry_run {
                "would be appended"
            } else {
                "appended"
            }
        );
    }
    Ok(if new == 0 { exit::DUPLICATE } else { OK })
}
