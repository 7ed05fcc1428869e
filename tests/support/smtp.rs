//! A small SMTP server on a loopback port for tests: it keeps every
//! message it accepts, counts connections, and can refuse chosen
//! recipients or every login. Enough of RFC 5321 for lettre: EHLO, AUTH
//! PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    connections: AtomicUsize,
    refused: Mutex<Vec<String>>,
    refuse_login: AtomicBool,
    logins: Mutex<Vec<String>>,
}

pub struct SmtpServer {
    pub port: u16,
    shared: Arc<Shared>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                s.connections.fetch_add(1, Ordering::SeqCst);
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &s);
                });
            }
        });
        SmtpServer { port, shared }
    }

    /// Refuses mail to `addr` at RCPT (550).
    pub fn refuse(&self, addr: &str) {
        self.shared
            .refused
            .lock()
            .unwrap()
            .push(addr.to_lowercase());
    }

    pub fn accept_everyone(&self) {
        self.shared.refused.lock().unwrap().clear();
    }

    /// Refuses every AUTH (535).
    pub fn refuse_logins(&self) {
        self.shared.refuse_login.store(true, Ordering::SeqCst);
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.messages.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// The AUTH PLAIN lines received, decoded ("\0user\0password").
    pub fn logins(&self) -> Vec<String> {
        self.shared.logins.lock().unwrap().clone()
    }
}

fn address(arg: &str) -> String {
    let a = arg.split_once(':').map(|x| x.1).unwrap_or(arg).trim();
    let a = a.split_whitespace().next().unwrap_or("");
    a.trim_start_matches('<')
        .trim_end_matches('>')
        .to_lowercase()
}

fn serve(stream: TcpStream, s: &Shared) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    out.write_all(b"220 test.localhost ESMTP ready\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_uppercase();
        if upper.starts_with("EHLO") {
            out.write_all(
                b"250-test.localhost\r\n250-AUTH PLAIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            )?;
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("AUTH PLAIN") {
            let b64 = cmd.split_whitespace().nth(2).unwrap_or("");
            s.logins
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(&base64(b64)).into_owned());
            if s.refuse_login.load(Ordering::SeqCst) {
                out.write_all(b"535 5.7.8 Authentication credentials invalid\r\n")?;
            } else {
                out.write_all(b"235 2.7.0 Authentication successful\r\n")?;
            }
        } else if upper.starts_with("MAIL FROM") {
            from = address(&cmd);
            to.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO") {
            let a = address(&cmd);
            if s.refused.lock().unwrap().contains(&a) {
                out.write_all(
                    format!("550 5.1.1 <{a}>: Recipient address rejected: User unknown\r\n")
                        .as_bytes(),
                )?;
            } else {
                to.push(a);
                out.write_all(b"250 OK\r\n")?;
            }
        } else if upper == "DATA" {
            if to.is_empty() {
                out.write_all(b"554 No valid recipients\r\n")?;
                continue;
            }
            out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if input.read_until(b'\n', &mut l)? == 0 {
                    return Ok(());
                }
                if l == b".\r\n" || l == b".\n" {
                    break;
                }
                let body = if l.starts_with(b"..") {
                    &l[1..]
                } else {
                    &l[..]
                };
                data.extend_from_slice(body);
            }
            s.messages.lock().unwrap().push(Received {
                from: from.clone(),
                to: std::mem::take(&mut to),
                data,
            });
            out.write_all(b"250 OK queued\r\n")?;
        } else if upper == "RSET" {
            to.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if upper == "QUIT" {
            out.write_all(b"221 Bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"502 Command not implemented\r\n")?;
        }
    }
}

/// Standard base64 decoding (what AUTH PLAIN sends).
fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
