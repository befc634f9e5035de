//! Who is behind the configured token (the demo team, shared by the seed) and the agents
//! with their default models, and the AI gateway's models.

use agentdeck_wire::netlify::{AiGatewayProvider, AiGatewayProviders, User};
use base64::Engine;

const PEOPLE: &[(&str, &str, &str, &str)] = &[
    (
        "5f1c0a9e2b7d4c0012ab34cd",
        "Ada Okafor",
        "ada@juniper.coffee",
        "#8a5a2b",
    ),
    (
        "5f1c0a9e2b7d4c0012ab34ce",
        "Mateo Silva",
        "mateo@juniper.coffee",
        "#2b6a8a",
    ),
    (
        "5f1c0a9e2b7d4c0012ab34cf",
        "Priya Raman",
        "priya@juniper.coffee",
        "#6a2b8a",
    ),
    (
        "5f1c0a9e2b7d4c0012ab34d0",
        "Lena Fischer",
        "lena@juniper.coffee",
        "#2b8a4f",
    ),
];

/// An SVG avatar with initials, as a data: URI (never an external host).
pub fn avatar(name: &str, color: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'><rect width='64' height='64' rx='32' fill='{color}'/><text x='32' y='41' font-family='sans-serif' font-size='26' fill='white' text-anchor='middle'>{initials}</text></svg>"
    );
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

pub fn users() -> Vec<User> {
    PEOPLE
        .iter()
        .map(|(id, name, email, color)| User {
            id: id.to_string(),
            full_name: Some(name.to_string()),
            email: Some(email.to_string()),
            avatar_url: Some(avatar(name, color)),
        })
        .collect()
}

pub const AGENTS: &[(&str, &str)] = &[
    ("claude", "claude-sonnet-4-5"),
    ("gemini", "gemini-2.5-pro"),
    ("codex", "gpt-5-codex"),
];

/// The user behind the configured token.
pub fn token_user() -> User {
    users()[0].clone()
}

/// The default model of an agent (`claude-sonnet-4-5` for an unknown one).
pub fn default_model(agent: &str) -> &'static str {
    AGENTS
        .iter()
        .find(|(a, _)| *a == agent)
        .map(|(_, m)| *m)
        .unwrap_or("claude-sonnet-4-5")
}

/// The AI gateway's providers and their models (`GET /ai-gateway/providers`).
pub fn ai_gateway_providers() -> AiGatewayProviders {
    let mut p = AiGatewayProviders::default();
    for (name, models) in [
        (
            "anthropic",
            &["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"][..],
        ),
        ("gemini", &["gemini-2.5-pro", "gemini-2.5-flash"][..]),
        ("openai", &["gpt-5-codex", "gpt-5", "gpt-5-mini"][..]),
    ] {
        p.providers.insert(
            name.into(),
            AiGatewayProvider {
                models: models.iter().map(|m| m.to_string()).collect(),
            },
        );
    }
    p
}
