//! The booking benchmark: drives running servers over HTTP from its own
//! process. Books meal seats with a distinct phone each, `--in-flight`
//! requests at a time, round-robin over the `--url`s (several instances on
//! one database), and prints one table line per phase: 201s per second,
//! refusals (409) apart from other 4xx, 5xx and failed requests, p50/p99.
//!
//!   cargo run -p linli-server --profile server --example load -- \
//!       --url http://127.0.0.1:8098 [--url http://127.0.0.1:8099] \
//!       [--bookings 20000] [--in-flight 64] [--fill 100000] \
//!       [--now 2026-11-27T06:00] [--label sqlite] [--header]
//!
//! `--fill N` first books until the store holds N meal bookings (a "fill"
//! line), then the measured phase runs. Only loopback servers are accepted;
//! a phase ends by itself after its bookings, when the seats run out, after
//! `--max-seconds`, or when the servers stop answering.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::json;

mod survey;
use survey::{Survey, loopback};

#[derive(Parser)]
struct Args {
    /// A server's base URL (loopback only); repeat it for several instances.
    #[arg(long = "url", default_value = "http://127.0.0.1:8080")]
    urls: Vec<String>,
    /// Bookings of the measured phase (0: only fill).
    #[arg(long, default_value_t = 20_000)]
    bookings: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..))]
    in_flight: u16,
    /// First bring the store to this many meal bookings.
    #[arg(long)]
    fill: Option<usize>,
    /// The servers' --fake-now (YYYY-MM-DDTHH:MM): slots starting before it
    /// are left alone. Without it, the servers' today is left alone.
    #[arg(long)]
    now: Option<String>,
    /// The first column of the table, e.g. the store.
    #[arg(long, default_value = "-")]
    label: String,
    /// Print the table's header first.
    #[arg(long)]
    header: bool,
    /// Longest a phase may run.
    #[arg(long, default_value_t = 3600)]
    max_seconds: u64,
}

/// Failed requests in a row (no HTTP answer at all) that end a phase: the
/// servers are gone.
const GIVE_UP_AFTER: usize = 200;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let urls: Vec<String> = args
        .urls
        .iter()
        .map(|u| loopback(u))
        .collect::<Result<_, _>>()?;
    if let Some(now) = &args.now {
        let ok = now.len() == 16 && now.as_bytes()[10] == b'T';
        ok.then_some(()).ok_or("--now is YYYY-MM-DDTHH:MM")?;
    }
    let in_flight = usize::from(args.in_flight);
    // Never a proxy, never a redirect: requests go to the checked addresses only.
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(in_flight)
        .build()?;
    let urls: Arc<[String]> = urls.into();
    if args.header {
        println!(
            "| store | servers | phase | before | requests | in flight | seconds | 201/s | 201 | 409 | other 4xx | 5xx | failed | p50 ms | p99 ms |"
        );
        println!("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    }
    let mut clean = true;
    let mut survey = Survey::take(&client, &urls[0], args.now.as_deref()).await?;
    if let Some(target) = args.fill {
        let missing = target.saturating_sub(survey.booked);
        if missing > 0 {
            clean &= run(&client, &urls, &args, "fill", &survey, missing, in_flight).await;
            survey = Survey::take(&client, &urls[0], args.now.as_deref()).await?;
        }
    }
    if args.bookings > 0 {
        clean &= run(
            &client,
            &urls,
            &args,
            "measured",
            &survey,
            args.bookings,
            in_flight,
        )
        .await;
    }
    if clean {
        Ok(())
    } else {
        Err("some requests got a 5xx or no answer".into())
    }
}

#[derive(Default)]
struct Tally {
    created: usize,
    refused: usize,
    other_4xx: usize,
    server_5xx: usize,
    failed: usize,
    /// Microseconds, of every request that got an answer.
    latencies: Vec<u32>,
}

/// One phase: `n` bookings (fewer if the seats run out), printed as a line.
/// Returns false if any request got a 5xx or no answer.
async fn run(
    client: &reqwest::Client,
    urls: &Arc<[String]>,
    args: &Args,
    phase: &str,
    survey: &Survey,
    n: usize,
    in_flight: usize,
) -> bool {
    let plan: Arc<[u32]> = survey.plan(n).into();
    if plan.len() < n {
        eprintln!(
            "load: only {} seats are open; booking that many",
            plan.len()
        );
    }
    let slots: Arc<[String]> = survey.slots.iter().map(|(id, _)| id.clone()).collect();
    // Phones continue after the bookings already made, so a phone is never
    // booked twice across phases and runs.
    let first_phone = survey.booked;
    let next = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let failures_in_a_row = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let count = in_flight.min(plan.len().max(1));
    // The clock starts once every worker has its connections open, so the
    // first run isn't charged for them.
    let ready = Arc::new(tokio::sync::Barrier::new(count + 1));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..count {
        let (client, urls, slots, plan) =
            (client.clone(), urls.clone(), slots.clone(), plan.clone());
        let (next, stop, failures_in_a_row, ready) = (
            next.clone(),
            stop.clone(),
            failures_in_a_row.clone(),
            ready.clone(),
        );
        let key_prefix = format!("load-{}-{phase}", std::process::id());
        workers.spawn(async move {
            for url in urls.iter() {
                // Read to the end, or the connection can't be used again.
                if let Ok(r) = client.get(format!("{url}/api/v1/health")).send().await {
                    let _ = r.bytes().await;
                }
            }
            ready.wait().await;
            let mut tally = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= plan.len() || stop.load(Ordering::Relaxed) || Instant::now() > deadline {
                    break;
                }
                let body = json!({
                    "slot_id": slots[plan[i] as usize], "name": "压测", "party_size": 1,
                    "phone": format!("13{:09}", first_phone + i),
                    "channel": "web", "consent": {"notice": linli_model::NOTICE_VERSION, "sensitive": false},
                    "details": {"kind": "meal", "dining": "dine_in"}
                });
                let t = Instant::now();
                let answer = client
                    .post(format!("{}/api/v1/bookings", urls[i % urls.len()]))
                    .header("Idempotency-Key", format!("{key_prefix}-{i}"))
                    .json(&body)
                    .send()
                    .await;
                let status = match answer {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let _ = r.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                if status == 0 {
                    tally.failed += 1;
                    if failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1 >= GIVE_UP_AFTER {
                        stop.store(true, Ordering::Relaxed);
                    }
                    continue;
                }
                failures_in_a_row.store(0, Ordering::Relaxed);
                tally.latencies.push(t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                match status {
                    201 => tally.created += 1,
                    409 => tally.refused += 1,
                    400..=499 => tally.other_4xx += 1,
                    _ => tally.server_5xx += 1,
                }
            }
            tally
        });
    }
    ready.wait().await;
    let started = Instant::now();
    let mut all = Tally::default();
    for t in workers.join_all().await {
        all.created += t.created;
        all.refused += t.refused;
        all.other_4xx += t.other_4xx;
        all.server_5xx += t.server_5xx;
        all.failed += t.failed;
        all.latencies.extend(t.latencies);
    }
    let seconds = started.elapsed().as_secs_f64();
    if stop.load(Ordering::Relaxed) {
        eprintln!("load: {GIVE_UP_AFTER} requests in a row got no answer: stopped");
    } else if Instant::now() > deadline {
        eprintln!("load: --max-seconds {} reached: stopped", args.max_seconds);
    }
    all.latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((all.latencies.len() as f64 - 1.0) * p).round() as usize;
        all.latencies
            .get(i)
            .map_or(0.0, |us| f64::from(*us) / 1000.0)
    };
    let requests = all.created + all.refused + all.other_4xx + all.server_5xx + all.failed;
    println!(
        "| {} | {} | {phase} | {} | {requests} | {in_flight} | {seconds:.2} | {:.0} | {} | {} | {} | {} | {} | {:.1} | {:.1} |",
        args.label,
        urls.len(),
        survey.booked,
        all.created as f64 / seconds.max(1e-9),
        all.created,
        all.refused,
        all.other_4xx,
        all.server_5xx,
        all.failed,
        pct(0.50),
        pct(0.99),
    );
    all.server_5xx == 0 && all.failed == 0
}
