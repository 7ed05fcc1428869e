//! The interface on a real terminal (a pseudo-terminal) ends cleanly when
//! it is asked to by a signal: `kill` (SIGTERM), or its window closing
//! (the terminal hung up, SIGHUP). The next command then finds the
//! database closed cleanly: no warning, and no copy of its files kept.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A pseudo-terminal of 100×30: the master side to read, the terminal
/// side to give the interface.
fn pty() -> (File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors we then own; the other
    // arguments are null or a valid winsize.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // The interface must not inherit the master side: the terminal hangs
    // up only when every copy of it is closed.
    // SAFETY: fcntl on a descriptor just opened.
    assert_eq!(
        unsafe { libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC) },
        0
    );
    // SAFETY: both descriptors were just opened and belong to nobody else.
    unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

fn accord(db: &std::path::Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("accord"));
    c.env("ACCORD_TODAY", "2026-11-23")
        .env("LANG", "C")
        .env("TERM", "xterm-256color")
        .env_remove("ACCORD_DB")
        .arg("--db")
        .arg(db);
    c
}

/// Starts the interface on a new terminal; returns once it has drawn the
/// dashboard (its "Deadlines" panel). The reader thread keeps reading the screen until the
/// interface ends, or until `hang_up` is sent, when it closes the master
/// side (the window closing).
fn open_interface(db: &std::path::Path) -> (Child, mpsc::Sender<()>) {
    let (mut master, slave) = pty();
    let mut command = accord(db);
    // As a terminal window runs it: in a session of its own, the terminal
    // its controlling one, so that closing the window hangs the terminal
    // up and the kernel sends SIGHUP.
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = command
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    let (drawn_tx, drawn) = mpsc::channel();
    let (hang_up, hang_up_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        let mut told = false;
        loop {
            if hang_up_rx.try_recv().is_ok() {
                return; // dropping `master` hangs the terminal up
            }
            // Waits a moment for output, so that a hang-up asked for is
            // seen while the interface has nothing to draw.
            let mut fd = libc::pollfd {
                fd: std::os::fd::AsRawFd::as_raw_fd(&master),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd for a descriptor this thread owns.
            if unsafe { libc::poll(&mut fd, 1, 50) } <= 0 {
                continue;
            }
            match master.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
            if !told && String::from_utf8_lossy(&seen).contains("Deadlines") {
                told = true;
                let _ = drawn_tx.send(());
            }
        }
    });
    drawn
        .recv_timeout(Duration::from_secs(60))
        .expect("the interface drew its dashboard");
    (child, hang_up)
}

/// Waits for the interface to end on its own; its exit status.
fn ended(mut child: Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the interface did not end after the signal");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn signal(child: &Child, sig: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
}

fn closed_cleanly(dir: &tempfile::TempDir, db: &std::path::Path, how: &str) {
    let out = accord(db).args(["list", "due"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{how}: {err}");
    assert_eq!(err, "", "{how}: the next command warned");
    let kept = dir.path().join("accord.db.kept");
    assert!(
        !kept.exists(),
        "{how}: a copy was kept in {}",
        kept.display()
    );
}

#[test]
fn the_interface_closes_the_database_when_killed_or_its_window_closes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accord.db");
    assert!(accord(&db).arg("demo").status().unwrap().success());

    // `kill`: the terminal still there.
    let (child, _keep) = open_interface(&db);
    signal(&child, libc::SIGTERM);
    let status = ended(child);
    assert!(status.code().is_some(), "killed by the signal: {status:?}");
    closed_cleanly(&dir, &db, &format!("SIGTERM ({status:?})"));

    // The window closing: the terminal hangs up, and the kernel sends
    // SIGHUP.
    let (child, hang_up) = open_interface(&db);
    hang_up.send(()).unwrap();
    let status = ended(child);
    assert!(status.code().is_some(), "killed by the signal: {status:?}");
    closed_cleanly(&dir, &db, &format!("SIGHUP ({status:?})"));
}
