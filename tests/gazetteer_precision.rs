//! Places without a point of their own carry their precision into the
//! mentions and claims: a KATOTTG village GeoNames lacks sits at its
//! hromada's centre (`hromada`), a hand-listed Kursk village is known only to
//! its district (`raion`), a GeoNames village is `exact`.

use chrono::NaiveDate;
use frontline::model::{Article, Precision};
use frontline::Engine;

fn mentions(text: &str) -> Vec<(String, String, Precision)> {
    let engine = Engine::new(None).expect("embedded data loads");
    let a = engine.analyse(&Article {
        id: "p.txt".into(),
        title: String::new(),
        body: text.to_string(),
        published: NaiveDate::from_ymd_opt(2025, 2, 1),
        source: None,
        url: None,
        lang: None,
    });
    a.mentions
        .iter()
        .map(|m| {
            (
                m.place.place.clone(),
                m.place.place_id.clone(),
                m.place.precision,
            )
        })
        .collect()
}

#[test]
fn precision_reaches_the_mentions() {
    let got = mentions(
        "Russian troops said they had captured Yuriivske and Vuhledar, \
         and had driven Ukrainian units out of Plekhovo in the Kursk region.",
    );
    let find = |name: &str| {
        got.iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} not among {got:?}"))
            .clone()
    };
    let (_, id, p) = find("Yuriivske");
    assert!(id.starts_with("kt:"), "{id}");
    assert_eq!(p, Precision::Hromada);
    let (_, id, p) = find("Plekhovo");
    assert!(id.starts_with("fx:"), "{id}");
    assert_eq!(p, Precision::Raion);
    assert_eq!(find("Vuhledar").2, Precision::Exact);
}
