//! `accord log adopt | sign | ratify | in-force | leave`: the legal lifecycle
//! of a treaty or declaration. Adopting a joint declaration records each
//! adopting state's commitment from the one act.

use serde_json::{Map, Value, json};

use super::{Common, base, initiative};
use crate::cli::Env;
use crate::domain::Kind;
use crate::domain::treaty::{Consent, TreatyForm};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Adopt {
    /// The treaty's id, a slug such as tehran-convention-biodiversity-protocol.
    /// An initiative proposed earlier under this id becomes the treaty.
    #[arg(long)]
    pub treaty: String,
    #[arg(long)]
    pub title: String,
    /// convention, protocol, agreement, declaration, memorandum or other.
    #[arg(long)]
    pub form: String,
    /// Who adopted it: states, a group such as "Caspian littoral states", or an
    /// organisation (a conference of the parties); repeat.
    #[arg(long = "by", required = true)]
    pub by: Vec<String>,
    /// The states that may become party (default: the states that adopted it).
    #[arg(long = "scope", value_delimiter = ',')]
    pub scope: Vec<String>,
    /// The instrument it belongs to (a protocol's convention), by id or title.
    #[arg(long)]
    pub parent: Option<String>,
    /// It was opened for signature on adoption.
    #[arg(long)]
    pub opened_for_signature: bool,
    /// What it commits its parties to, as the source states it (a declaration's
    /// commitment of each adopting state).
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct OnTreaty {
    /// The treaty: its id or a unique part of its title.
    #[arg(long)]
    pub treaty: String,
    /// The acting state; repeat for several (or give a group).
    #[arg(long = "state", required = true)]
    pub states: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct Ratify {
    #[command(flatten)]
    pub on: OnTreaty,
    /// ratification, acceptance, approval or accession.
    #[arg(long, default_value = "ratification")]
    pub consent: String,
}

#[derive(Debug, clap::Args)]
pub struct InForce {
    #[command(flatten)]
    pub on: OnTreaty,
    /// The treaty itself entered into force that day (for every state that had
    /// consented by then), not only for the states named.
    #[arg(long)]
    pub overall: bool,
}

pub async fn adopt(env: &Env, a: Adopt) -> Result<(Map<String, Value>, Common)> {
    let form: TreatyForm = a
        .form
        .parse()
        .map_err(|e: String| Error::invalid(e, "pick one of the forms listed"))?;
    let mut m = base(Kind::TreatyAdopted, &a.common, &a.by);
    m.insert("treaty".into(), json!(a.treaty));
    m.insert("title".into(), json!(a.title));
    m.insert("form".into(), json!(form));
    if !a.scope.is_empty() {
        m.insert(
            "scope".into(),
            json!(a.scope.iter().map(|s| s.trim()).collect::<Vec<_>>()),
        );
    }
    if let Some(p) = &a.parent {
        m.insert("parent".into(), json!(initiative(env, p).await?));
    }
    if a.opened_for_signature {
        m.insert("opened_for_signature".into(), json!(true));
    }
    if let Some(t) = &a.text {
        m.insert("text".into(), json!(t));
    }
    Ok((m, a.common))
}

pub async fn on_treaty(env: &Env, kind: Kind, a: OnTreaty) -> Result<(Map<String, Value>, Common)> {
    let mut m = base(kind, &a.common, &a.states);
    m.insert("treaty".into(), json!(initiative(env, &a.treaty).await?));
    Ok((m, a.common))
}

pub async fn ratify(env: &Env, a: Ratify) -> Result<(Map<String, Value>, Common)> {
    let consent: Consent = a
        .consent
        .parse()
        .map_err(|e: String| Error::invalid(e, "pick one of the ways listed"))?;
    let (mut m, c) = on_treaty(env, Kind::TreatyRatified, a.on).await?;
    m.insert("consent".into(), json!(consent));
    Ok((m, c))
}

pub async fn in_force(env: &Env, a: InForce) -> Result<(Map<String, Value>, Common)> {
    let (mut m, c) = on_treaty(env, Kind::TreatyInForce, a.on).await?;
    if a.overall {
        m.insert("overall".into(), json!(true));
    }
    Ok((m, c))
}
