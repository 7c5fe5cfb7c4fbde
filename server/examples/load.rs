//! A load generator for a running server: books meal seats across every
//! centre's next days with distinct phones, many requests in flight, and
//! reports bookings per second and latencies. Only for loopback servers.
//!
//!   cargo run -p linli-server --profile server --example load -- \
//!       http://127.0.0.1:8080 [requests=5000] [in_flight=64]

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::Semaphore;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let total: usize = args.next().map_or(Ok(5000), |a| a.parse())?;
    let in_flight: usize = args.next().map_or(Ok(64), |a| a.parse())?;
    let client = reqwest::Client::new();

    // Every open meal slot after today, each as many times as it has seats.
    let catalog: Value = client
        .get(format!("{base}/api/v1/catalog"))
        .send()
        .await?
        .json()
        .await?;
    let mut seats = Vec::new();
    for center in catalog["centers"].as_array().ok_or("no centres")? {
        let id = center["id"].as_str().ok_or("centre id")?;
        let url = format!("{base}/api/v1/slots?center={id}&kind=meal&days=7");
        let slots: Value = client.get(url).send().await?.json().await?;
        let slots = slots.as_array().ok_or("slots")?;
        let today = slots.first().map(|s| s["date"].clone());
        for s in slots.iter().filter(|s| Some(&s["date"]) != today.as_ref()) {
            let n = s["remaining"].as_u64().unwrap_or(0);
            seats.extend((0..n).map(|_| s["id"].as_str().unwrap_or("").to_owned()));
        }
    }
    if seats.len() < total {
        eprintln!("only {} seats are free; booking that many", seats.len());
    }
    let total = total.min(seats.len());
    // Interleave slots so concurrent requests spread over many of them.
    seats.sort_by_key(|id| id.len() % 7);

    let gate = Arc::new(Semaphore::new(in_flight));
    let mut tasks = tokio::task::JoinSet::new();
    let started = Instant::now();
    for (i, slot) in seats.into_iter().take(total).enumerate() {
        let permit = gate.clone().acquire_owned().await?;
        let (client, base) = (client.clone(), base.clone());
        tasks.spawn(async move {
            let body = json!({
                "slot_id": slot, "name": "测试", "phone": format!("13{:09}", i), "party_size": 1,
                "channel": "web", "consent": {"notice": "2026-11", "sensitive": false},
                "details": {"kind": "meal", "dining": "dine_in"}
            });
            let t = Instant::now();
            let status = client
                .post(format!("{base}/api/v1/bookings"))
                .header(
                    "Idempotency-Key",
                    format!("load-{i}-{}", std::process::id()),
                )
                .json(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            drop(permit);
            (status, t.elapsed())
        });
    }
    let results = tasks.join_all().await;
    let elapsed = started.elapsed();
    let mut latencies: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    let count = |code: u16| results.iter().filter(|(s, _)| *s == code).count();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p) as usize)
            .copied()
    };
    println!(
        "{total} requests, {in_flight} in flight, {:.2} s: {:.0} per second",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "201: {}  409: {}  other: {}",
        count(201),
        count(409),
        total - count(201) - count(409)
    );
    println!(
        "latency p50 {:?}  p99 {:?}",
        pct(0.5).unwrap_or_default(),
        pct(0.99).unwrap_or_default()
    );
    Ok(())
}
