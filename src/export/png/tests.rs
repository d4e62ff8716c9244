//! Whole-map tests: sizes, the fit, and what a rendered PNG holds.

use chrono::NaiveDate;
use geo::{LineString, MultiLineString, MultiPolygon, Polygon};

use super::*;
use crate::geometry::Zone;
use crate::model::{ClaimedBy, Controller, Event, PlaceKind, PlaceRef, Precision, Side, Status};

fn place(name: &str, lat: f64, lon: f64) -> PlaceRef {
    PlaceRef {
        place_id: format!("test:{name}"),
        place: name.to_string(),
        country: "UA".to_string(),
        admin1: None,
        kind: PlaceKind::Settlement,
        precision: Precision::Exact,
        lat,
        lon,
    }
}

fn claim(p: &PlaceRef, event: Event, actor: Side, status: Status) -> Claim {
    Claim {
        place: p.clone(),
        event,
        actor,
        claimed_by: ClaimedBy::from(actor),
        status,
        historical: false,
        date: None,
        published: None,
        article: "demo.txt".to_string(),
        evidence: String::new(),
        span: (0, 0),
        confidence: 0.8,
    }
}

fn state(p: &PlaceRef, controller: Controller, claims: usize) -> PlaceState {
    PlaceState {
        place: p.clone(),
        controller,
        since: None,
        last_event: Event::Capture,
        status: Status::Claimed,
        claims,
        sources: 1,
        outlets: 1,
        events: 1,
        confidence: 0.8,
        as_of: None,
    }
}

fn empty_frontline() -> Frontline {
    Frontline {
        zones: Vec::new(),
        front_line: MultiLineString(Vec::new()),
        as_of: None,
    }
}

fn spec<'a>(
    claims: &'a [Claim],
    states: &'a [PlaceState],
    frontline: &'a Frontline,
    w: u32,
    h: u32,
) -> MapSpec<'a> {
    MapSpec {
        claims,
        states,
        frontline,
        title: "Test map".to_string(),
        as_of: NaiveDate::from_ymd_opt(2024, 10, 2),
        width: w,
        height: h,
    }
}

/// Decode a PNG into (width, height, RGB bytes).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(img: &(u32, u32, Vec<u8>), x: f32, y: f32) -> [u8; 3] {
    let (w, _, data) = img;
    let i = (y as usize * *w as usize + x as usize) * 3;
    [data[i], data[i + 1], data[i + 2]]
}

fn rgb_of(c: Color) -> [u8; 3] {
    let c = c.to_color_u8();
    [c.red(), c.green(), c.blue()]
}

fn close(a: [u8; 3], b: [u8; 3], tol: i32) -> bool {
    a.iter()
        .zip(b)
        .all(|(&x, y)| (x as i32 - y as i32).abs() <= tol)
}

/// A few made-up claims around real places (Pokrovsk, Vovchansk,
/// Robotyne, the Kursk incursion, ...), as an article bundle might give.
fn demo_claims() -> (Vec<Claim>, Vec<PlaceState>, Frontline) {
    let pokrovsk = place("Pokrovsk", 48.2827, 37.1758);
    let myrnohrad = place("Myrnohrad", 48.3028, 37.2623);
    let vovchansk = place("Vovchansk", 50.2906, 36.9410);
    let robotyne = place("Robotyne", 47.4475, 35.8383);
    let sudzha = place("Sudzha", 51.1918, 35.2719);
    let kursk_region = place("Kursk Oblast", 51.7, 36.2);
    let kupiansk = place("Kupiansk", 49.7107, 37.6156);
    let chasiv_yar = place("Chasiv Yar", 48.5870, 37.8350);
    let krynky = place("Krynky", 46.7330, 33.0830);
    let kurakhove = place("Kurakhove", 47.9850, 37.2800);
    let vuhledar = place("Vuhledar", 47.7800, 37.2500);
    let toretsk = place("Toretsk", 48.3980, 37.8490);
    let claims = vec![
        claim(&pokrovsk, Event::Advance, Side::Ru, Status::Claimed),
        claim(&pokrovsk, Event::Repelled, Side::Ua, Status::Confirmed),
        claim(&pokrovsk, Event::Advance, Side::Ru, Status::Claimed),
        claim(&myrnohrad, Event::Contested, Side::Ru, Status::Claimed),
        claim(&vovchansk, Event::Capture, Side::Ru, Status::Denied),
        claim(&vovchansk, Event::Repelled, Side::Ua, Status::Confirmed),
        claim(&robotyne, Event::Capture, Side::Ua, Status::Confirmed),
        claim(&sudzha, Event::Capture, Side::Ua, Status::Confirmed),
        claim(&sudzha, Event::Capture, Side::Ru, Status::Claimed),
        claim(&kursk_region, Event::Advance, Side::Ua, Status::Claimed),
        claim(&kupiansk, Event::Capture, Side::Ru, Status::Denied),
        claim(&chasiv_yar, Event::Contested, Side::Ru, Status::Claimed),
        claim(&krynky, Event::Withdrawal, Side::Ua, Status::Confirmed),
        claim(&kurakhove, Event::Capture, Side::Ru, Status::Claimed),
        claim(&vuhledar, Event::Capture, Side::Ru, Status::Confirmed),
        claim(&toretsk, Event::Advance, Side::Ru, Status::Claimed),
    ];
    let states = vec![
        state(&pokrovsk, Controller::Ua, 3),
        state(&vovchansk, Controller::Contested, 2),
        state(&vuhledar, Controller::Ru, 1),
        state(&sudzha, Controller::Ru, 2),
    ];
    // A made-up zone and line near Donetsk, only to see how they look.
    let ring: Vec<(f64, f64)> = vec![
        (37.3, 47.6),
        (37.0, 48.1),
        (37.6, 48.5),
        (38.2, 49.0),
        (39.6, 49.2),
        (39.8, 47.9),
        (38.3, 47.1),
        (37.3, 47.6),
    ];
    let frontline = Frontline {
        zones: vec![Zone {
            controller: Side::Ru,
            area: MultiPolygon(vec![Polygon::new(LineString::from(ring.clone()), vec![])]),
        }],
        front_line: MultiLineString(vec![LineString::from(ring[..5].to_vec())]),
        as_of: None,
    };
    (claims, states, frontline)
}

#[test]
fn renders_a_png_of_the_requested_size() {
    let (claims, states, frontline) = demo_claims();
    for (w, h) in [(400, 300), (200, 200), (640, 960)] {
        let bytes = render(&spec(&claims, &states, &frontline, w, h)).expect("render");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let (dw, dh, _) = decode(&bytes);
        assert_eq!((dw, dh), (w, h));
    }
}

#[test]
fn rejects_sizes_out_of_range() {
    let fl = empty_frontline();
    for (w, h) in [(199, 800), (800, 199), (0, 0), (10_001, 800), (800, 10_001)] {
        match render(&spec(&[], &[], &fl, w, h)) {
            Err(RenderError::Size { width, height }) => assert_eq!((width, height), (w, h)),
            other => panic!(
                "{w}x{h}: expected a size error, got {:?}",
                other.map(|b| b.len())
            ),
        }
    }
}

#[test]
fn default_fit_shows_kyiv_with_north_up_and_east_right() {
    let fl = empty_frontline();
    let s = spec(&[], &[], &fl, 1600, 1200);
    let view = fit_view(&s, (0.0, 44.0, 1600.0, 1134.0));
    let (kx, ky) = view.lonlat_to_px(30.52, 50.45);
    assert!(
        (0.0..1600.0).contains(&kx) && (44.0..1178.0).contains(&ky),
        "Kyiv at {kx},{ky}"
    );
    let (_, north) = view.lonlat_to_px(30.52, 51.45);
    assert!(north < ky, "north must be up");
    let (east, _) = view.lonlat_to_px(36.23, 49.99);
    assert!(east > kx, "Kharkiv must be right of Kyiv");
    // All of Ukraine is in view: Uzhhorod, Luhansk, the south of Crimea.
    for (lon, lat) in [(22.29, 48.62), (39.31, 48.57), (34.1, 44.4), (33.0, 52.35)] {
        let (x, y) = view.lonlat_to_px(lon, lat);
        assert!(
            (0.0..1600.0).contains(&x) && (44.0..1178.0).contains(&y),
            "{lon},{lat} at {x},{y}"
        );
    }
}

#[test]
fn far_claims_widen_the_map_but_only_inside_the_basemap() {
    let fl = empty_frontline();
    let frame = (0.0, 0.0, 1600.0, 1200.0);
    let moscow = [claim(
        &place("Moscow", 55.75, 37.62),
        Event::Contested,
        Side::Ua,
        Status::Claimed,
    )];
    let view = fit_view(&spec(&moscow, &[], &fl, 1600, 1200), frame);
    let (_, y) = view.lonlat_to_px(37.62, 55.75);
    assert!((0.0..1200.0).contains(&y));
    let far = [claim(
        &place("Nowhere", 10.0, 120.0),
        Event::Contested,
        Side::Ua,
        Status::Claimed,
    )];
    let a = fit_view(&spec(&far, &[], &fl, 1600, 1200), frame);
    let b = fit_view(&spec(&[], &[], &fl, 1600, 1200), frame);
    assert!((a.scale - b.scale).abs() < 1e-9);
}

#[test]
fn a_map_without_claims_still_shows_the_basemap() {
    let fl = empty_frontline();
    let img = decode(&render(&spec(&[], &[], &fl, 1600, 1200)).expect("render"));
    let view = fit_view(
        &spec(&[], &[], &fl, 1600, 1200),
        (0.0, 44.0, 1600.0, 1134.0),
    );
    // Open sea south-west of Crimea, inland Ukraine (Uman), inland Russia.
    let (x, y) = view.lonlat_to_px(32.0, 44.3);
    assert!(
        close(pixel(&img, x, y), rgb_of(style::SEA.color()), 3),
        "sea: {:?}",
        pixel(&img, x, y)
    );
    let (x, y) = view.lonlat_to_px(30.2, 48.6);
    assert!(
        close(pixel(&img, x, y), rgb_of(style::UKRAINE.color()), 3),
        "Ukraine: {:?}",
        pixel(&img, x, y)
    );
    let (x, y) = view.lonlat_to_px(40.2, 51.5);
    assert!(
        close(pixel(&img, x, y), rgb_of(style::LAND.color()), 3),
        "Russia: {:?}",
        pixel(&img, x, y)
    );
    // Borders are drawn: many pixels are darker than any fill.
    let dark = img
        .2
        .chunks(3)
        .filter(|p| p.iter().all(|&c| c < 120))
        .count();
    assert!(dark > 2_000, "only {dark} dark pixels");
}

#[test]
fn markers_are_drawn_in_their_sides_colours() {
    let p = place("Pokrovsk", 48.2827, 37.1758);
    let claims = [claim(&p, Event::Capture, Side::Ru, Status::Confirmed)];
    let fl = empty_frontline();
    let s = spec(&claims, &[], &fl, 1600, 1200);
    let img = decode(&render(&s).expect("render"));
    let view = fit_view(&s, (0.0, 44.0, 1600.0, 1134.0));
    let (x, y) = view.lonlat_to_px(p.lon, p.lat);
    assert!(
        close(pixel(&img, x, y), rgb_of(style::RU.color()), 10),
        "{:?}",
        pixel(&img, x, y)
    );

    let claims = [claim(&p, Event::Capture, Side::Ua, Status::Confirmed)];
    let s = spec(&claims, &[], &fl, 1600, 1200);
    let img = decode(&render(&s).expect("render"));
    assert!(
        close(pixel(&img, x, y), rgb_of(style::UA.color()), 10),
        "{:?}",
        pixel(&img, x, y)
    );
}

#[test]
fn hostile_strings_do_not_panic() {
    let names = [
        String::new(),
        "\u{202E}evil\u{0}\n\r\t".to_string(),
        "🙂漢字".repeat(100),
        "Авдіївка’".to_string(),
        "\u{301}".repeat(50),
        "x".repeat(10_000),
    ];
    let claims: Vec<Claim> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            claim(
                &place(n, 48.0 + i as f64 * 0.3, 37.0),
                Event::Advance,
                Side::Ru,
                Status::Claimed,
            )
        })
        .collect();
    let fl = empty_frontline();
    let mut s = spec(&claims, &[], &fl, 300, 300);
    s.title = "\u{0}\u{7}".repeat(1000) + &"Ш".repeat(5000);
    s.as_of = None;
    render(&s).expect("render");
}

/// Renders the demo map; set FRONTLINE_DEMO_PNG=/some/file.png to keep it
/// and look at it. Also checks that it is fast enough to be worth having.
#[test]
fn demo_map() {
    let (claims, states, frontline) = demo_claims();
    let mut s = spec(&claims, &states, &frontline, 1600, 1200);
    s.title = "Demo: made-up claims around Pokrovsk, Vovchansk, Robotyne and Kursk".to_string();
    let start = std::time::Instant::now();
    let bytes = render(&s).expect("render");
    let first = start.elapsed();
    // Again, now that the basemap and fonts are loaded.
    let start = std::time::Instant::now();
    let again = render(&s).expect("render");
    let took = start.elapsed();
    assert_eq!(bytes, again, "rendering must be deterministic");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = std::env::var_os("FRONTLINE_DEMO_PNG")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("demo.png"));
    std::fs::write(&path, &bytes).expect("write demo");
    eprintln!(
        "demo map: {} ({} bytes; first render {first:?}, then {took:?})",
        path.display(),
        bytes.len()
    );
    let img = decode(&bytes);
    assert_eq!((img.0, img.1), (1600, 1200));
}
