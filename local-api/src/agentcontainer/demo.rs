//! Standard agents and repositories (always present) and demo data (agents, a repository with
//! an SSH key, tasks and a conversation that run when local-api starts).

use super::domain::records::{self, RepoRec, REPO};
use super::domain::tasks::{build_task, Dispatch};
use super::domain::{account, agents, journal, sim, ssh_keys};
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;

/// Seeds the standard agents (always) and demo data (when asked, on an empty database).
pub fn seed(st: &AppState) {
    account::ensure_created(st);
    if st.store.count(records::AGENT) == 0 {
        seed_standard(st);
        if st.config.demo_data {
            seed_demo(st);
        }
    }
}

fn defaults(model_name: &str, ttl: Option<u64>) -> AgentDefaults {
    AgentDefaults {
        provider: Some(Provider::Anthropic),
        provider_api_key: None,
        runtime: Some(AgentRuntimeKind::Pi),
        model: model_name.into(),
        weak_model: Some("claude-haiku-4-5".into()),
        internet_access: true,
        max_runtime_seconds: 3600,
        max_runtime_per_turn_seconds: Some(600),
        session_ttl_seconds: ttl,
        soft_finish_after_seconds: None,
        hibernation_enabled: Some(true),
        max_time_per_hibernation_cycle: Some(3600),
        max_accumulated_time: Some(86_400),
        output_policy: OutputPolicy {
            mode: OutputPolicyMode::Any,
            files: None,
        },
        runtime_region: RuntimeRegion::Any,
    }
}

pub fn seed_standard(st: &AppState) {
    for (name, desc, prompt) in [
        (
            "General Purpose",
            "A capable generalist that reads, writes and runs code in its container.",
            "You are a careful software engineer. Work in /workspace, explain what you did.",
        ),
        (
            "Code Reviewer",
            "Reviews a repository or a diff and writes a report with concrete suggestions.",
            "You review code. Be specific, cite files and lines, and suggest fixes.",
        ),
    ] {
        let req = CreateAgent {
            name: name.into(),
            description: Some(desc.into()),
            runtime: AgentRuntime {
                container_image: "ghcr.io/agentcontainer/pi:2026.11".into(),
                agent_runtime: AgentRuntimeKind::Pi,
            },
            base_prompt: prompt.into(),
            task_title_instructions: None,
            defaults: defaults("claude-sonnet-4-5", Some(900)),
            skills: None,
        };
        agents::create_agent(st, &req, true);
    }
    let rec = RepoRec {
        repo: Repository {
            id: records::new_id(st, "repo"),
            name: "agentcontainer/skills".into(),
            url: "https://github.com/agentcontainer/skills.git".into(),
            is_standard: true,
            post_clone_script_path: None,
            aliases: vec![RepositoryAlias {
                name: "lint".into(),
                target: "bin/lint".into(),
            }],
            ssh_keys: vec![],
            created_at: st.clock.now(),
        },
        ssh_key_ids: vec![],
    };
    st.store.put(REPO, &rec.repo.id, "", &rec);
}

pub fn seed_demo(st: &AppState) {
    let (public_key, private_key) = ssh_keys::generate("juniper deploy");
    let key = SshKey {
        id: records::new_id(st, "key"),
        name: "juniper deploy key".into(),
        description: Some("Read-only deploy key for juniper-coffee/site".into()),
        algorithm: SshKeyAlgorithm::Ed25519,
        public_key,
        created_at: st.clock.now(),
    };
    st.store.put(
        records::SSH_KEY,
        &key.id,
        "",
        &records::SshKeyRec {
            key: key.clone(),
            private_key,
        },
    );
    let repo = RepoRec {
        repo: Repository {
            id: records::new_id(st, "repo"),
            name: "juniper-coffee/site".into(),
            url: "git@github.com:juniper-coffee/site.git".into(),
            is_standard: false,
            post_clone_script_path: Some("scripts/setup.sh".into()),
            aliases: vec![RepositoryAlias {
                name: "test".into(),
                target: "scripts/test.sh".into(),
            }],
            ssh_keys: vec![],
            created_at: st.clock.now(),
        },
        ssh_key_ids: vec![key.id.clone()],
    };
    st.store.put(REPO, &repo.repo.id, "", &repo);
    let req = CreateAgent {
        name: "Site maintainer".into(),
        description: Some(
            "Keeps the Juniper Coffee website healthy: dependencies, accessibility, broken links."
                .into(),
        ),
        runtime: AgentRuntime {
            container_image: "ghcr.io/juniper-coffee/agent:1.4".into(),
            agent_runtime: AgentRuntimeKind::Pi,
        },
        base_prompt: "You maintain a static website. Prefer small, reviewable changes.".into(),
        task_title_instructions: None,
        defaults: defaults("claude-sonnet-4-5", Some(1800)),
        skills: Some(vec![SkillRequest {
            skill: "mattpocock/skills/design-an-interface".into(),
            ssh_key_id: None,
        }]),
    };
    let mut agent = agents::create_agent(st, &req, false);
    let mut rec = agents::current(st, &agent);
    rec.repos.push(RepositoryLink {
        repository_id: repo.repo.id.clone(),
        tag: "main".into(),
        mounting_point: "/workspace/site".into(),
        setup_script: Some("scripts/setup.sh".into()),
    });
    agents::add_version(st, &mut agent, rec);
    for (mode, instructions, message) in [
        (
            TaskMode::Autonomous,
            "Check every page of the site for broken links and write a report.",
            None,
        ),
        (
            TaskMode::Autonomous,
            "Rewrite the product pages' image handling for responsive images. #steps=2400",
            None,
        ),
        (
            TaskMode::Autonomous,
            "Upgrade the build tooling to the latest versions and run the tests. #fail",
            None,
        ),
        (
            TaskMode::Autonomous,
            "Audit the site for accessibility problems and wait for the CI run. #hibernate",
            None,
        ),
        (
            TaskMode::Conversation,
            "Help me plan the holiday sale landing page.",
            Some("What sections should the landing page have?"),
        ),
    ] {
        let d = Dispatch {
            mode: mode.clone(),
            version_id: None,
            instructions: instructions.into(),
            input_file_ids: vec![],
            input_repositories: vec![],
            skills: vec![],
            metadata: Default::default(),
            overrides: Default::default(),
        };
        let Ok((task, x)) = build_task(st, &agent.id, &d) else {
            continue;
        };
        records::put_taskx(st, &task.id, &x);
        journal::save_task(st, &task, None);
        journal::log(st, &task, 1, LogSource::Daemon, "Task queued");
        match message {
            Some(m) => {
                let msg = TaskMessage {
                    id: records::new_id(st, "msg"),
                    turn_number: 1,
                    role: MessageRole::User,
                    status: MessageStatus::Queued,
                    content: m.into(),
                    files: vec![],
                    token_usage: None,
                    cost_usd: None,
                    created_at: st.clock.now(),
                };
                journal::save_message(st, &task, &msg);
                sim::spawn_turn(st, task.id.clone());
            }
            None => sim::spawn_task(st, task.id.clone()),
        }
    }
}
