//! Spelling variants of place names: the romanisations the press actually
//! uses for a Cyrillic name (Ukraine's national system, the older BGN-style
//! forms, Russian-style forms like "Ugledar" or "Girnyk"), simplified
//! adjective endings and apostrophe-less forms.
//!
//! Also every spelling of a place that the matcher looks for
//! (`surface_forms`) and the folded form it is matched under (`match_form`).
//!
//! Pure string functions; they read nothing and know nothing of articles.
//! build.rs compiles this file too (to build the embedded matcher), so it
//! uses nothing of the crate but `crate::text`.

/// How to romanise a Cyrillic name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Ukraine's national system (Cabinet of Ministers Resolution 55/2010).
    UkrainianNational,
    /// The common press / BGN-like form of a Ukrainian name: я→ya, є→ye
    /// everywhere; `g_for_h` writes г as "g" (Russian-influenced spelling).
    UkrainianPopular { g_for_h: bool },
    /// BGN/PCGN-like Russian romanisation (Ugledar, Bogoyavlenka).
    Russian { ye_initial: bool },
}

fn is_vowel_cyr(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'є' | 'и' | 'і' | 'ї' | 'о' | 'у' | 'ю' | 'я' | 'ы' | 'э' | 'ё'
    )
}

/// Romanise a Cyrillic string (Ukrainian or Russian) with a system. Latin
/// characters and punctuation pass through unchanged; case is kept on the
/// first letter of every output chunk.
pub fn romanise(name: &str, system: System) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let upper = c != lower;
        let prev = if i > 0 {
            Some(chars[i - 1].to_lowercase().next().unwrap_or(chars[i - 1]))
        } else {
            None
        };
        let word_start = prev.is_none_or(|p| !p.is_alphabetic() && p != '\'' && p != '’');
        let after_vowel =
            prev.is_some_and(|p| is_vowel_cyr(p) || matches!(p, 'ь' | 'ъ' | '\'' | '’' | 'ʼ'));
        let s: &str = match system {
            System::UkrainianNational => match lower {
                'є' => {
                    if word_start {
                        "ye"
                    } else {
                        "ie"
                    }
                }
                'ї' => {
                    if word_start {
                        "yi"
                    } else {
                        "i"
                    }
                }
                'й' => {
                    if word_start {
                        "y"
                    } else {
                        "i"
                    }
                }
                'ю' => {
                    if word_start {
                        "yu"
                    } else {
                        "iu"
                    }
                }
                'я' => {
                    if word_start {
                        "ya"
                    } else {
                        "ia"
                    }
                }
                'г' => {
                    if prev == Some('з') {
                        "gh"
                    } else {
                        "h"
                    }
                }
                'ь' | '\'' | '’' | 'ʼ' => "",
                _ => common(lower),
            },
            System::UkrainianPopular { g_for_h } => match lower {
                'є' => "ye",
                'ї' => "yi",
                'й' => "y",
                'ю' => "yu",
                'я' => "ya",
                'г' => {
                    if g_for_h {
                        "g"
                    } else {
                        "h"
                    }
                }
                'ь' | '\'' | '’' | 'ʼ' => "",
                _ => common(lower),
            },
            System::Russian { ye_initial } => match lower {
                'е' => {
                    if ye_initial && (word_start || after_vowel) {
                        "ye"
                    } else {
                        "e"
                    }
                }
                'ё' => "yo",
                'и' => "i",
                'й' => "y",
                'ы' => "y",
                'э' => "e",
                'ю' => "yu",
                'я' => "ya",
                'г' => "g",
                'ь' | 'ъ' | '\'' | '’' | 'ʼ' => "",
                'і' => "i",
                'ї' => "yi",
                'є' => "ye",
                _ => common(lower),
            },
        };
        if s.is_empty() {
            continue;
        }
        if s.len() == 1 && s.as_bytes()[0] == 0 {
            // not a Cyrillic letter: pass it through
            out.push(c);
            continue;
        }
        if upper {
            let mut it = s.chars();
            if let Some(f) = it.next() {
                out.extend(f.to_uppercase());
                out.push_str(it.as_str());
            }
        } else {
            out.push_str(s);
        }
    }
    out
}

/// Letters romanised the same way in every system; NUL for "not Cyrillic".
fn common(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "y",
        'і' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        _ => "\0",
    }
}

/// Does the string contain Cyrillic letters?
pub fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// Extra forms of a Latin name: adjective endings as the press writes them
/// (-skyi / -sky / -skyy / -skiy, -yi / -y) and the form without apostrophes.
pub fn latin_forms(name: &str, out: &mut Vec<String>) {
    let mut push = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    push(name.to_string());
    let no_apos: String = name
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`'))
        .collect();
    push(no_apos.clone());
    for (end, alts) in [
        ("yi", &["y", "iy", "yy"][..]),
        ("iy", &["y", "yi", "yy"][..]),
        ("yy", &["y", "yi", "iy"][..]),
        ("ii", &["iy", "yi"][..]),
    ] {
        // only whole-word endings of the last word
        if no_apos.len() > end.len() + 2 && no_apos.ends_with(end) {
            let stem = &no_apos[..no_apos.len() - end.len()];
            for a in alts {
                push(format!("{stem}{a}"));
            }
        }
    }
}

/// The form with й written "i" where it closes a syllable (after a vowel,
/// before a consonant), as much of the press writes it: "Gulyaypole" →
/// "Gulyaipole", "Zaytseve" → "Zaitseve". `None` when nothing changes.
pub fn yot_as_i(name: &str) -> Option<String> {
    let vowel = |c: char| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u');
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let closes = c == 'y'
            && i > 0
            && vowel(chars[i - 1])
            && chars
                .get(i + 1)
                .is_some_and(|&n| n.is_ascii_alphabetic() && !vowel(n) && n != 'y');
        if closes {
            out.push('i');
            changed = true;
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

/// All Latin spellings worth matching for a place with these Cyrillic names.
pub fn romanisations(name_uk: Option<&str>, name_ru: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(uk) = name_uk {
        for sys in [
            System::UkrainianNational,
            System::UkrainianPopular { g_for_h: false },
            System::UkrainianPopular { g_for_h: true },
        ] {
            latin_forms(&romanise(uk, sys), &mut out);
        }
    }
    if let Some(ru) = name_ru {
        for sys in [
            System::Russian { ye_initial: false },
            System::Russian { ye_initial: true },
        ] {
            latin_forms(&romanise(ru, sys), &mut out);
        }
    }
    let yot: Vec<String> = out.iter().filter_map(|f| yot_as_i(f)).collect();
    for f in yot {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// The names of one place, as the gazetteer CSV gives them, and what kind of
/// place it is as far as spellings go.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub name: &'a str,
    pub alternates: &'a [String],
    pub name_uk: Option<&'a str>,
    pub name_ru: Option<&'a str>,
    /// Settlements and raions: add the romanisations of the Cyrillic names.
    pub romanise: bool,
    /// Regions: add "X region", "X oblast" ... for every stem.
    pub region: bool,
}

/// Every spelling of a place worth matching: its names, alternates, the
/// romanisations of its Cyrillic names and, for regions, the suffixed forms
/// the press uses ("Donetsk region", "Kursk oblast", plural "regions").
pub fn surface_forms(names: &Names, out: &mut Vec<String>) {
    latin_forms(names.name, out);
    for a in names.alternates {
        latin_forms(a, out);
    }
    let (mut uk, mut ru) = (names.name_uk, names.name_ru);
    if let Some(u) = uk {
        out.push(u.to_string());
    }
    if let Some(r) = ru {
        out.push(r.to_string());
    }
    if uk.is_none() && ru.is_none() {
        // untagged Cyrillic alternates: guess the language from its letters
        for a in names.alternates.iter().filter(|a| is_cyrillic(a)).take(3) {
            if a.chars()
                .any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є'))
            {
                uk.get_or_insert(a);
            } else {
                ru.get_or_insert(a);
            }
        }
    }
    if names.romanise {
        out.extend(romanisations(uk, ru));
    }
    if names.region {
        for stem in region_stems(names.name, names.alternates) {
            for suffix in ["region", "regions", "oblast", "oblast'", "province", "area"] {
                out.push(format!("{stem} {suffix}"));
            }
        }
        // "Donetsk Oblast" style names also in plural for "the X and Y regions"
        let extra: Vec<String> = out
            .iter()
            .filter(|s| s.ends_with(" region") || s.ends_with(" Region"))
            .map(|s| format!("{s}s"))
            .collect();
        out.extend(extra);
    }
}

/// The bare stems of a region's names ("Donetsk" for "Donetsk Oblast").
pub fn region_stems(name: &str, alternates: &[String]) -> Vec<String> {
    let mut stems = Vec::new();
    for n in std::iter::once(name).chain(alternates.iter().map(String::as_str)) {
        for suffix in [
            " Oblast",
            " oblast",
            " Region",
            " region",
            " Krai",
            " krai",
            " Province",
        ] {
            if let Some(stem) = n.strip_suffix(suffix) {
                let stem = stem.trim().to_string();
                if !stem.is_empty() && !stems.contains(&stem) {
                    stems.push(stem);
                }
            }
        }
    }
    stems
}

/// Folded forms that name places somewhere but are far more often ordinary
/// words, titles or people in English war news.
const STOP_FORMS: &[&str] = &[
    "progress",
    "victory",
    "peace",
    "mir",
    "sever",
    "lenin",
    "kirov",
    "radio",
    "zarya",
    "sport",
    "park",
    "field",
    "forest",
    "new",
    "novyi",
    "nova",
    "nove",
    "staryi",
    "stara",
    "april",
    "may",
    "march",
    "june",
    "july",
    "august",
    "president",
    "general",
    "prime",
    "oktyabr",
    "komsomolets",
    "pioner",
    "friendship",
    "vostok",
    "zapad",
    "yug",
    "central",
    "centre",
    "center",
    "east",
    "west",
    "north",
    "south",
    "hero",
    "heroes",
    "truth",
    "pravda",
    "iskra",
    "zelenyi",
    "krasnyi",
    "golden",
    "zoloti",
    "marine",
    "marina",
    "olga",
    "olha",
    "maria",
    "mariya",
    "anna",
    "sofia",
    "nadia",
    "vera",
    "lyubov",
    "alexander",
    "oleksandr",
    "volodymyr",
    "vladimir",
    "ivan",
    "petro",
    "mykola",
    "putin",
    "zelensky",
    "zelenskyy",
    "franko",
    "pushkin",
    "gagarin",
    "chapaev",
    "kutuzov",
    "suvorov",
    "chkalov",
    "tolstoy",
    "gogol",
    "kotovsk",
    "frunze",
    "shchors",
    "bloomberg",
    "reuters",
    "nato",
    "ukraine's",
    "dnipro river",
    "don",
    "bug",
    "sula",
    "rus",
    "urals",
    "volga",
    "moskva",
    "star",
    "zorya",
    "svoboda",
    "freedom",
    "independence",
    "ray",
    "maidan",
    "stalin",
    "trump",
    "biden",
    "vance",
    "rubio",
    "hegseth",
    "mark",
    "john",
    "david",
];

/// Shortest folded form matched (in characters, spaces excluded).
const MIN_FORM_CHARS: usize = 3;

fn stop_forms() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_FORMS.iter().copied().collect())
}

/// The folded form a surface spelling is matched under, or `None` when it is
/// too short, all digits, or a stop form.
pub fn match_form(surface: &str) -> Option<String> {
    let f = crate::text::fold(surface);
    let f = f.trim();
    let keep = f.chars().filter(|c| !c.is_whitespace()).count() >= MIN_FORM_CHARS
        && !f.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
        && !stop_forms().contains(f);
    keep.then(|| f.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_system() {
        let cases = [
            ("Вугледар", "Vuhledar"),
            ("Селидове", "Selydove"),
            ("Богоявленка", "Bohoiavlenka"),
            ("Лук'янці", "Lukiantsi"),
            ("Запоріжжя", "Zaporizhzhia"),
            ("Згурівка", "Zghurivka"),
            ("Київ", "Kyiv"),
            ("Яготин", "Yahotyn"),
            ("Часів Яр", "Chasiv Yar"),
            ("Авдіївка", "Avdiivka"),
        ];
        for (cyr, want) in cases {
            assert_eq!(romanise(cyr, System::UkrainianNational), want, "{cyr}");
        }
    }

    #[test]
    fn press_forms_are_generated() {
        let v = romanisations(Some("Гірник"), Some("Горняк"));
        assert!(v.contains(&"Girnyk".to_string()), "{v:?}");
        assert!(v.contains(&"Hirnyk".to_string()), "{v:?}");
        let v = romanisations(Some("Лук'янці"), None);
        assert!(v.contains(&"Lukyantsi".to_string()), "{v:?}");
        let v = romanisations(Some("Богоявленка"), Some("Богоявленка"));
        assert!(v.contains(&"Bogoyavlenka".to_string()), "{v:?}");
        let v = romanisations(None, Some("Угледар"));
        assert!(v.contains(&"Ugledar".to_string()), "{v:?}");
        let v = romanisations(None, Some("Артёмовск"));
        assert!(v.contains(&"Artyomovsk".to_string()), "{v:?}");
    }

    #[test]
    fn yot_closing_a_syllable() {
        for (name, want) in [
            ("Gulyaypole", Some("Gulyaipole")),
            ("Zaytseve", Some("Zaitseve")),
            ("Maykop", Some("Maikop")),
            ("Yasynuvata", None),
            ("Kryvyy Rih", None),
            ("Bayrak", Some("Bairak")),
            ("Novoaydar", Some("Novoaidar")),
            ("Myrnohrad", None),
        ] {
            assert_eq!(yot_as_i(name).as_deref(), want, "{name}");
        }
        let v = romanisations(Some("Гуляйполе"), Some("Гуляйполе"));
        assert!(v.contains(&"Gulyaipole".to_string()), "{v:?}");
    }

    #[test]
    fn latin_endings() {
        let mut v = Vec::new();
        latin_forms("Kryvyi Rih", &mut v);
        assert_eq!(v, vec!["Kryvyi Rih"]);
        let mut v = Vec::new();
        latin_forms("Pokrovskyi", &mut v);
        assert!(v.contains(&"Pokrovsky".to_string()));
        let mut v = Vec::new();
        latin_forms("Mar'inka", &mut v);
        assert!(v.contains(&"Marinka".to_string()));
    }
}
