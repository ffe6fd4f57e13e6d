//! Property: for generated event sequences (corrections, late-logged acts,
//! extra sources, treaty steps included), the projections maintained by
//! incremental appends, one event at a time or several per transaction, equal
//! the projections after `rebuild`, and equal a pure fold of the log.

mod common;

use std::collections::BTreeMap;

use accord::domain::event::NewEvent;
use accord::domain::payload::{
    Payload, TreatyAct, TreatyAdopted, TreatyForm, TreatyInForce, TreatyRatified,
};
use accord::projection::fold;
use accord::store::{EventFilter, RowSelect};
use common::events::*;
use common::{TestStore, opts};
use proptest::prelude::*;

const STATES: [&str; 5] = ["AZE", "IRN", "KAZ", "RUS", "TKM"];
const INITS: [&str; 2] = ["sea-level-group", "oil-spill-protocol"];

#[derive(Debug, Clone)]
enum Step {
    Propose(usize, usize, String),
    Support(usize, usize, String),
    Withdraw(usize, usize, String),
    Oppose(usize, usize, String),
    Commit(usize, usize, String, bool),
    Progress(usize, usize, String, u8),
    Fulfil(usize, usize, String),
    Statement(usize, usize, String),
    Retract(usize),
    AmendDate(usize, String),
    AddSource(usize, usize),
    /// Adopts the treaty (a convention, or a declaration that commits on adoption).
    Adopt(usize, String, bool),
    Sign(usize, String),
    Ratify(usize, String),
    /// Entry into force overall (true) or for one state.
    InForce(Option<usize>, String),
}

const TREATY: &str = "caspian-treaty";

fn date() -> impl Strategy<Value = String> {
    (2019i32..2025, 1u32..13, 1u32..29, 0u8..6).prop_map(|(y, m, d, p)| match p {
        0 => format!("{y}-{m:02}"),
        1 => format!("{y}"),
        2 => format!("on or before {y}-{m:02}-{d:02}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    })
}

fn step() -> impl Strategy<Value = Step> {
    let i = 0..INITS.len();
    let s = 0..STATES.len();
    prop_oneof![
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Propose(i, s, d)),
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Support(i, s, d)),
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Support(i, s, d)),
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Withdraw(i, s, d)),
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Oppose(i, s, d)),
        (i.clone(), s.clone(), date(), any::<bool>())
            .prop_map(|(i, s, d, dl)| Step::Commit(i, s, d, dl)),
        (i.clone(), s.clone(), date(), 0u8..=100)
            .prop_map(|(i, s, d, p)| Step::Progress(i, s, d, p)),
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Fulfil(i, s, d)),
        (i.clone(), s.clone(), date()).prop_map(|(i, s, d)| Step::Statement(i, s, d)),
        (0usize..40).prop_map(Step::Retract),
        (0usize..40, date()).prop_map(|(n, d)| Step::AmendDate(n, d)),
        (0usize..40, 10usize..14).prop_map(|(n, k)| Step::AddSource(n, k)),
        (s.clone(), date(), any::<bool>()).prop_map(|(s, d, decl)| Step::Adopt(s, d, decl)),
        (s.clone(), date()).prop_map(|(s, d)| Step::Sign(s, d)),
        (s.clone(), date()).prop_map(|(s, d)| Step::Ratify(s, d)),
        (prop::option::of(s.clone()), date()).prop_map(|(s, d)| Step::InForce(s, d)),
    ]
}

fn to_event(st: &Step, appended: &[uuid::Uuid]) -> Option<NewEvent> {
    let pick = |n: &usize| appended.get(n % appended.len().max(1)).copied();
    Some(match st {
        Step::Propose(i, s, d) => propose(INITS[*i], STATES[*s], d),
        Step::Support(i, s, d) => support(INITS[*i], STATES[*s], d),
        Step::Withdraw(i, s, d) => withdraw(INITS[*i], STATES[*s], d),
        Step::Oppose(i, s, d) => oppose(INITS[*i], STATES[*s], d),
        Step::Commit(i, s, d, dl) => {
            commit(INITS[*i], "c1", STATES[*s], d, dl.then_some("2030-01-01"))
        }
        Step::Progress(i, s, d, p) => progress(&format!("{}/c1", INITS[*i]), STATES[*s], d, *p),
        Step::Fulfil(i, s, d) => fulfil(&format!("{}/c1", INITS[*i]), STATES[*s], d),
        Step::Statement(i, s, d) => statement(STATES[*s], d, Some(INITS[*i])),
        Step::Retract(n) => retract(pick(n)?),
        Step::AmendDate(n, d) => amend_date(pick(n)?, d),
        Step::AddSource(n, k) => add_source(pick(n)?, *k),
        Step::Adopt(s, d, declaration) => event(
            d,
            &[STATES[*s], STATES[(*s + 1) % STATES.len()]],
            Payload::TreatyAdopted(TreatyAdopted {
                treaty: TREATY.into(),
                title: "A Caspian treaty".into(),
                form: if *declaration {
                    TreatyForm::Declaration
                } else {
                    TreatyForm::Convention
                },
                parent: None,
                scope: STATES.iter().map(|s| s.to_string()).collect(),
                opened_for_signature: false,
                text: None,
            }),
            2,
        ),
        Step::Sign(s, d) => event(
            d,
            &[STATES[*s]],
            Payload::TreatySigned(TreatyAct {
                treaty: TREATY.into(),
            }),
            3,
        ),
        Step::Ratify(s, d) => event(
            d,
            &[STATES[*s]],
            Payload::TreatyRatified(TreatyRatified {
                treaty: TREATY.into(),
                consent: Default::default(),
            }),
            4,
        ),
        Step::InForce(s, d) => event(
            d,
            &s.map(|s| vec![STATES[s]]).unwrap_or_default(),
            Payload::TreatyInForce(TreatyInForce {
                treaty: TREATY.into(),
                overall: s.is_none(),
            }),
            5,
        ),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { max_shrink_iters: 64, ..ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(24)) })]

    #[test]
    fn incremental_projections_equal_a_rebuild(steps in prop::collection::vec(step(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let t = TestStore::new().await;
            let s = t.open().await;
            let mut appended = Vec::new();
            for st in &steps {
                let Some(ev) = to_event(st, &appended) else { continue };
                // Steps that break a rule (e.g. withdrawing what was never supported) are refused;
                // the property concerns whatever the store accepted.
                if let Ok(out) = s.append_any(vec![ev], &opts()).await {
                    appended.push(out[0].id);
                }
            }
            let incremental = s.rows(&RowSelect::All).await.unwrap();
            let events = s.events(&EventFilter::default()).await.unwrap();
            prop_assert_eq!(&incremental, &fold(events.iter(), None));
            s.rebuild().await.unwrap();
            prop_assert_eq!(&s.rows(&RowSelect::All).await.unwrap(), &incremental);
            prop_assert!(s.verify().await.unwrap().ok());
            Ok(())
        })?;
    }

    /// The same, with the steps appended several to a transaction (a refused batch is
    /// retried one event at a time), so acts are applied against this write's own acts.
    #[test]
    fn batched_appends_equal_a_rebuild(steps in prop::collection::vec(step(), 1..40), size in 2usize..6) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let t = TestStore::new().await;
            let s = t.open().await;
            let mut appended = Vec::new();
            for chunk in steps.chunks(size) {
                let batch: Vec<NewEvent> = chunk.iter().filter_map(|st| to_event(st, &appended)).collect();
                match s.append_batch(batch.clone(), &BTreeMap::new(), &opts()).await {
                    Ok(out) => appended.extend(out.iter().map(|a| a.id)),
                    Err(_) => {
                        for ev in batch {
                            if let Ok(out) = s.append_any(vec![ev], &opts()).await {
                                appended.push(out[0].id);
                            }
                        }
                    }
                }
            }
            let incremental = s.rows(&RowSelect::All).await.unwrap();
            let events = s.events(&EventFilter::default()).await.unwrap();
            prop_assert_eq!(&incremental, &fold(events.iter(), None));
            s.rebuild().await.unwrap();
            prop_assert_eq!(&s.rows(&RowSelect::All).await.unwrap(), &incremental);
            prop_assert!(s.verify().await.unwrap().ok());
            Ok(())
        })?;
    }
}
