//! Where the load may book: the servers' checked addresses and the open
//! meal slots with their seats left.

use std::net::IpAddr;

use serde_json::Value;

/// The URL without its trailing slash, if its host is a loopback address.
pub fn loopback(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
    let host = parsed.host_str().unwrap_or("");
    let ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>();
    if parsed.scheme() != "http" || !ip.is_ok_and(|ip| ip.is_loopback()) {
        return Err(format!(
            "{url}: only http:// on a loopback address (127.0.0.1, [::1])"
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// What the store holds: meal bookings so far, and the open slots with their
/// seats left.
pub struct Survey {
    pub booked: usize,
    pub slots: Vec<(String, usize)>,
}

impl Survey {
    pub async fn take(
        client: &reqwest::Client,
        base: &str,
        now: Option<&str>,
    ) -> Result<Survey, Box<dyn std::error::Error>> {
        let catalog: Value = client
            .get(format!("{base}/api/v1/catalog"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let days = linli_model::BOOKING_HORIZON_DAYS;
        let mut survey = Survey {
            booked: 0,
            slots: Vec::new(),
        };
        for center in catalog["centers"]
            .as_array()
            .ok_or("the catalog has no centres")?
        {
            let id = center["id"].as_str().ok_or("a centre without an id")?;
            let url = format!("{base}/api/v1/slots?center={id}&kind=meal&days={days}");
            let slots: Value = client
                .get(url)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let slots = slots.as_array().ok_or("/slots is not a list")?;
            let today = slots.first().map(|s| s["date"].clone());
            for s in slots {
                let (capacity, remaining) = (
                    s["capacity"].as_u64().unwrap_or(0),
                    s["remaining"].as_u64().unwrap_or(0),
                );
                survey.booked += capacity.saturating_sub(remaining) as usize;
                let starts = format!(
                    "{}T{}",
                    s["date"].as_str().unwrap_or(""),
                    s["start"].as_str().unwrap_or("")
                );
                let open = match now {
                    Some(now) => starts.as_str() > now,
                    None => Some(&s["date"]) != today.as_ref(),
                };
                if open && remaining > 0 {
                    let id = s["id"].as_str().ok_or("a slot without an id")?;
                    survey.slots.push((id.to_owned(), remaining as usize));
                }
            }
        }
        Ok(survey)
    }

    /// Slot indexes for `n` bookings, round-robin over the slots with seats
    /// left, so requests in flight at once go to different slots.
    pub fn plan(&self, n: usize) -> Vec<u32> {
        let mut left: Vec<usize> = self.slots.iter().map(|(_, r)| *r).collect();
        let mut live: Vec<usize> = (0..left.len()).collect();
        let mut plan = Vec::with_capacity(n);
        while plan.len() < n && !live.is_empty() {
            let mut still = Vec::with_capacity(live.len());
            for i in live {
                if plan.len() == n {
                    break;
                }
                plan.push(i as u32);
                left[i] -= 1;
                if left[i] > 0 {
                    still.push(i);
                }
            }
            live = still;
        }
        plan
    }
}
