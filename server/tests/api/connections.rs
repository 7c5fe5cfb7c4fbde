//! What a client can do with connections alone: a request sent half-way
//! doesn't hold its connection open, and the number of connections open at
//! once is bounded (the next one waits, then is served).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestServer;

fn addr(s: &TestServer) -> String {
    s.base.trim_start_matches("http://").to_owned()
}

/// Opens a connection and sends a request without its final blank line.
async fn half_sent(s: &TestServer) -> TcpStream {
    let mut stream = TcpStream::connect(addr(s)).await.expect("connect");
    stream
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: linli\r\n")
        .await
        .expect("write");
    stream
}

#[tokio::test]
async fn a_half_sent_request_is_closed_after_the_header_timeout() {
    let s = TestServer::start_tuned(|c| c.header_timeout_secs = 1).await;
    let mut stream = half_sent(&s).await;
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut rest)).await;
    assert!(
        closed.is_ok(),
        "the server still holds the half-sent request"
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_one() {
    let s = TestServer::start_tuned(|c| {
        c.max_connections = 2;
        c.header_timeout_secs = 60;
    })
    .await;
    let holders = [half_sent(&s).await, half_sent(&s).await];
    // Both are accepted before the third knocks.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let third = {
        let client = s.client.clone();
        let url = s.url("/api/v1/health");
        tokio::spawn(async move { client.get(url).send().await.map(|r| r.status()) })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !third.is_finished(),
        "a third connection was served beside two"
    );
    drop(holders);
    let status = tokio::time::timeout(Duration::from_secs(10), third)
        .await
        .expect("served once a connection closed")
        .expect("joined")
        .expect("answer");
    assert_eq!(status, reqwest::StatusCode::OK);
}
