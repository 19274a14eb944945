//! `hrx serve` as a network server: a client that stops half-way through its request headers
//! is cut off after the header timeout, while complete requests keep being answered.

use crate::support::Server;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_half_sent_request_is_closed_after_the_header_timeout() {
    let server = Server::start_with(None, &["--header-timeout-seconds", "1"]).await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stalled = tokio::net::TcpStream::connect(&address)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    stalled
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let mut answer = Vec::new();
    // The server answers 408 or just closes; either way the read ends within seconds.
    let read =
        tokio::time::timeout(Duration::from_secs(10), stalled.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the half-sent request was still held after 10 s"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "closed too early"
    );
    // A complete request is answered as ever.
    let ok = reqwest::get(format!("{}/healthz", server.base))
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or_default();
    assert_eq!(ok, 200);
}
