//! `local-api`: serves both APIs (and optionally the built app) until SIGINT/SIGTERM.

use clap::Parser;
use local_api::config::*;
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

/// Local Netlify Agent Runners + AgentContainer APIs with simulated agents.
#[derive(Parser, Debug)]
#[command(name = "local-api", version)]
struct Args {
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    #[arg(long, default_value_t = 8081)]
    netlify_port: u16,
    #[arg(long, default_value_t = 8082)]
    agentcontainer_port: u16,
    /// Port of the presigned-upload storage origin (0 = any free port).
    #[arg(long, default_value_t = 0)]
    storage_port: u16,
    /// Serve this directory (the built app) with an SPA fallback and a generated config.json.
    #[arg(long)]
    app_dir: Option<PathBuf>,
    #[arg(long, default_value_t = 8080)]
    app_port: u16,
    /// SQLite database file (uploads are kept beside it).
    #[arg(
        long,
        default_value = ".local-api/local-api.db",
        conflicts_with = "memory"
    )]
    db: PathBuf,
    /// Keep everything in memory.
    #[arg(long)]
    memory: bool,
    /// Do not seed demo data into an empty database.
    #[arg(long)]
    no_demo: bool,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Simulated time speed factor.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    #[arg(long, default_value = DEFAULT_NETLIFY_TOKEN)]
    netlify_token: String,
    #[arg(long, default_value = DEFAULT_ACCOUNT_ID)]
    account_id: String,
    #[arg(long, default_value = DEFAULT_SITE_ID)]
    site_id: String,
    #[arg(long, default_value = DEFAULT_AGENTCONTAINER_KEY)]
    agentcontainer_key: String,
    /// Allow webhook deliveries to non-loopback hosts.
    #[arg(long)]
    webhooks_allow_any_host: bool,
    /// A global fault from start-up, e.g. `latency_ms=300` or `status=500`.
    #[arg(long)]
    fault: Option<String>,
    /// A web page origin (`http://127.0.0.1:8000`) allowed to call the APIs and the admin
    /// endpoints besides the served app; repeatable. Every other page is refused.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let config = Config {
        host: a.host,
        netlify_port: a.netlify_port,
        agentcontainer_port: a.agentcontainer_port,
        storage_port: a.storage_port,
        app_dir: a.app_dir,
        app_port: a.app_port,
        db: (!a.memory).then_some(a.db),
        demo_data: !a.no_demo,
        seed: a.seed,
        speed: a.speed,
        netlify_token: a.netlify_token,
        account_id: a.account_id,
        site_id: a.site_id,
        agentcontainer_key: a.agentcontainer_key,
        webhooks_allow_any_host: a.webhooks_allow_any_host,
        fault: a.fault,
        allow_origins: a.allow_origins,
        ..Config::default()
    };
    let db = config.db.clone();
    let running = local_api::start(config).await?;
    let c = &running.state.config;
    let mut out = std::io::stdout().lock();
    if let Some(app) = &running.app_url {
        // The one URL a newcomer needs, first and alone on its line.
        writeln!(out, "\nagentdeck is running: open {app}\n")?;
    }
    writeln!(out, "local-api is running")?;
    writeln!(out, "  Netlify API:     {}", running.netlify_url)?;
    writeln!(
        out,
        "    token {}  account {}  site {}",
        c.netlify_token, c.account_id, c.site_id
    )?;
    writeln!(out, "  AgentContainer:  {}", running.agentcontainer_url)?;
    writeln!(out, "    API key {}", c.agentcontainer_key)?;
    writeln!(out, "  uploads:         {}", running.storage_url)?;
    match &db {
        Some(p) => writeln!(out, "  database:        {}", p.display())?,
        None => writeln!(out, "  database:        in memory")?,
    }
    writeln!(
        out,
        "  speed x{}  seed {}   (Ctrl-C to stop)",
        c.speed, c.seed
    )?;
    writeln!(out, "{}", running.ready_line())?;
    out.flush()?;
    drop(out);
    shutdown_signal().await;
    eprintln!("local-api: stopping");
    running.stop().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
