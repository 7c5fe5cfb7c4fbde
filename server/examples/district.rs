//! Writes a district-scale catalog for benchmarks: the ten real street
//! offices of the sample data and a couple of hundred invented centres, each
//! with a lunch and a dinner canteen of many large sittings every day, so a
//! million bookings over the booking horizon never run out of seats.
//!
//!   cargo run -p linli-server --profile server --example district -- OUT_DIR \
//!       [--centres 200] [--seats 200]
//!
//! OUT_DIR gets `catalog.json`, `centers/{id}.json` and an empty
//! `closures.json`, the shape of `public/data`; it is checked by loading it
//! the way the server does at start. The names, addresses and phones are
//! invented: benchmark data, never a directory.

use std::path::{Path, PathBuf};

use clap::Parser;
use linli_model::catalog::{Catalog, Center, CenterFile, Offering, ScheduleRule, ServiceKind};
use linli_model::schedule::{CLOSURES_FILE, Closures};
use linli_model::{BOOKING_HORIZON_DAYS, LocalizedText, TimeOfDay};
use linli_server::catalog_index::CatalogIndex;

#[derive(Parser)]
struct Args {
    /// Folder to write (created; files in it are replaced).
    out: PathBuf,
    /// Invented centres, spread over the ten street offices.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=999))]
    centres: u32,
    /// Seats of each sitting.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    seats: u32,
    /// The sample catalog whose street offices are used.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/catalog.json"))]
    streets_from: PathBuf,
}

/// A canteen of every centre: its id suffix, names and opening hours.
struct Meal {
    suffix: &'static str,
    name: (&'static str, &'static str),
    zh: &'static str,
    start: (u8, u8),
    end: (u8, u8),
}

/// Sittings of 30 minutes: lunch 10:30–13:30 and dinner 16:30–18:30 (ten a
/// day), every day of the week.
const MEALS: [Meal; 2] = [
    Meal {
        suffix: "lunch",
        name: ("长者午餐", "Seniors' lunch"),
        zh: "午餐",
        start: (10, 30),
        end: (13, 30),
    },
    Meal {
        suffix: "dinner",
        name: ("长者晚餐", "Seniors' dinner"),
        zh: "晚餐",
        start: (16, 30),
        end: (18, 30),
    },
];
const SITTING_MINUTES: u16 = 30;

fn text(zh: impl Into<String>, en: impl Into<String>) -> LocalizedText {
    LocalizedText {
        zh: zh.into(),
        en: en.into(),
    }
}

fn time((h, m): (u8, u8)) -> Result<TimeOfDay, String> {
    TimeOfDay::from_hm(h, m).ok_or_else(|| format!("{h}:{m} is not a time"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let sample: Catalog = serde_json::from_slice(&std::fs::read(&args.streets_from)?)?;
    let streets = sample.streets;
    if streets.is_empty() {
        return Err(format!("{} lists no streets", args.streets_from.display()).into());
    }

    // Centres in street order, as catalog.json lists them: street k gets a
    // contiguous share of the numbers.
    let mut catalog = Catalog {
        streets: streets.clone(),
        centers: Vec::new(),
    };
    let mut files = Vec::new();
    let n = args.centres as usize;
    for i in 0..n {
        let street = &streets[i * streets.len() / n];
        let number = i + 1;
        let short_zh = street.name.zh.trim_end_matches("街道");
        let short_en = street.name.en.trim_end_matches(" Subdistrict");
        let center = Center {
            id: format!("{}-c{number:03}", street.id).parse()?,
            street_id: street.id.clone(),
            name: text(
                format!("{short_zh}第{number}社区服务中心（压测）"),
                format!("{short_en} Community Centre {number} (benchmark)"),
            ),
            address: text(
                format!("江宁区{}示例路{number}号", street.name.zh),
                format!("{number} Sample Rd, {short_en}, Jiangning"),
            ),
            // A landline with Nanjing's area code; invented.
            phone: format!("025-5{:07}", 2_000_000 + number),
            hours: text("每天 8:30–18:30", "Daily 8:30–18:30"),
        };
        let offerings = MEALS
            .iter()
            .map(|meal| offering(&center, meal, args.seats))
            .collect::<Result<Vec<_>, _>>()?;
        let file = CenterFile {
            center: center.clone(),
            offerings,
        };
        file.check()?;
        catalog.centers.push(center);
        files.push(file);
    }
    catalog.check()?;

    write(&args.out, &catalog, &files)?;
    // What the server does at start, so a bad file fails here and not there.
    let index = CatalogIndex::load(&args.out)?;
    let mut sittings = 0;
    for meal in &MEALS {
        sittings += (time(meal.end)?.minutes() - time(meal.start)?.minutes()) / SITTING_MINUTES;
    }
    let per_day = u64::from(sittings) * u64::from(args.seats) * n as u64;
    println!(
        "wrote {}: {} streets, {} centres, {sittings} sittings of {} seats a day each: \
         {per_day} seats a day, {} over {BOOKING_HORIZON_DAYS} days",
        args.out.display(),
        index.catalog.streets.len(),
        index.catalog.centers.len(),
        args.seats,
        per_day * u64::from(BOOKING_HORIZON_DAYS),
    );
    Ok(())
}

fn offering(
    center: &Center,
    meal: &Meal,
    seats: u32,
) -> Result<Offering, Box<dyn std::error::Error>> {
    Ok(Offering {
        id: format!("{}-{}", center.id, meal.suffix).parse()?,
        center_id: center.id.clone(),
        kind: ServiceKind::Meal,
        name: text(meal.name.0, meal.name.1),
        description: text(
            format!("压测数据：每半小时一席的{}。", meal.zh),
            "Benchmark data: a sitting every half hour.",
        ),
        provider: text("示例餐饮服务中心", "Sample Catering"),
        price_cents: 1400,
        max_party: 4,
        schedule: vec![ScheduleRule {
            weekdays: (1..=7).collect(),
            start: time(meal.start)?,
            end: time(meal.end)?,
            capacity: seats,
            slot_minutes: Some(SITTING_MINUTES),
        }],
        menus: Vec::new(),
        dated_menus: vec![],
        price_bands: Vec::new(),
        // No daily limit: the load gives every booking its own phone anyway,
        // and a limit would be a refusal, not a seat.
        daily_limit_per_phone: None,
        min_age: None,
        booking_horizon_days: None,
        waitlist_hold_minutes: None,
        home_service: false,
        staff: None,
    })
}

fn write(out: &Path, catalog: &Catalog, files: &[CenterFile]) -> std::io::Result<()> {
    let centers = out.join("centers");
    std::fs::create_dir_all(&centers)?;
    // Centre files of an earlier, bigger run would be imported too.
    for entry in std::fs::read_dir(&centers)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::remove_file(path)?;
        }
    }
    std::fs::write(
        out.join("catalog.json"),
        serde_json::to_vec_pretty(catalog)?,
    )?;
    for file in files {
        let name = format!("{}.json", file.center.id);
        std::fs::write(centers.join(name), serde_json::to_vec_pretty(file)?)?;
    }
    std::fs::write(
        out.join(CLOSURES_FILE),
        serde_json::to_vec_pretty(&Closures::default())?,
    )
}
