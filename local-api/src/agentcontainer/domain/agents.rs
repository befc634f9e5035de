//! Agents and their versions, reference files and repository attachments. Execution changes
//! and attachments make a new version; standard agents can be forked but not edited.

use super::records::{self, VersionRec, AGENT, VERSION};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;

pub fn defaults_from(d: &AgentDefaults) -> AgentVersionDefaults {
    AgentVersionDefaults {
        provider: d.provider.clone(),
        has_provider_api_key: d.provider_api_key.as_deref().is_some_and(|k| !k.is_empty()),
        model: d.model.clone(),
        weak_model: d.weak_model.clone(),
        internet_access: d.internet_access,
        max_runtime_seconds: d.max_runtime_seconds,
        max_runtime_per_turn_seconds: d.max_runtime_per_turn_seconds,
        session_ttl_seconds: d.session_ttl_seconds,
        soft_finish_after_seconds: d.soft_finish_after_seconds,
        hibernation_enabled: d.hibernation_enabled.unwrap_or(true),
        max_time_per_hibernation_cycle: d.max_time_per_hibernation_cycle,
        max_accumulated_time: d.max_accumulated_time,
        output_policy: d.output_policy.clone(),
        runtime_region: d.runtime_region.clone(),
    }
}

fn skills_from(s: &Option<Vec<SkillRequest>>) -> Vec<Skill> {
    s.iter()
        .flatten()
        .map(|s| Skill {
            skill: s.skill.clone(),
            ssh_key_id: s.ssh_key_id.clone(),
        })
        .collect()
}

fn validate_defaults(
    st: &Shared,
    d: &AgentDefaults,
    skills: &Option<Vec<SkillRequest>>,
) -> AcResult<()> {
    if d.model.trim().is_empty() {
        return Err(AcError::invalid_field(
            "defaults.model",
            "defaults.model is required",
        ));
    }
    if d.max_runtime_seconds == 0 {
        return Err(AcError::invalid_field(
            "defaults.maxRuntimeSeconds",
            "defaults.maxRuntimeSeconds must be positive",
        ));
    }
    if d.output_policy.mode == OutputPolicyMode::Named
        && d.output_policy.files.as_ref().is_none_or(Vec::is_empty)
    {
        return Err(AcError::invalid_field(
            "defaults.outputPolicy",
            "outputPolicy named needs at least one file",
        ));
    }
    for s in skills.iter().flatten() {
        if s.skill.trim().is_empty() {
            return Err(AcError::invalid("skills[].skill is required"));
        }
        if let Some(k) = &s.ssh_key_id {
            if st
                .store
                .get::<records::SshKeyRec>(records::SSH_KEY, k)
                .is_none()
            {
                return Err(AcError::invalid(format!("Unknown sshKeyId {k}")));
            }
        }
    }
    Ok(())
}

/// Stores a new version of an agent (number = last + 1) and makes it current.
pub fn add_version(st: &Shared, agent: &mut Agent, mut rec: VersionRec) -> AgentVersion {
    let number = st
        .store
        .list::<VersionRec>(VERSION, Some(&agent.id))
        .iter()
        .map(|v| v.version.number)
        .max()
        .unwrap_or(0)
        + 1;
    rec.version.id = records::new_id(st, "ver");
    rec.version.number = number;
    rec.version.created_at = st.clock.now();
    st.store.put(VERSION, &rec.version.id, &agent.id, &rec);
    agent.current_version = rec.version.clone();
    st.store.put(AGENT, &agent.id, "", agent);
    rec.version
}

/// The agent's current version and what is attached to it.
pub fn current(st: &Shared, agent: &Agent) -> VersionRec {
    records::version(st, &agent.current_version.id).unwrap_or(VersionRec {
        version: agent.current_version.clone(),
        file_ids: vec![],
        repos: vec![],
    })
}

/// Creates a custom (or standard, when seeding) agent with its first version.
pub fn create_agent(st: &Shared, req: &CreateAgent, is_standard: bool) -> Agent {
    let now = st.clock.now();
    let version = AgentVersion {
        id: String::new(),
        number: 0,
        runtime: req.runtime.clone(),
        base_prompt: req.base_prompt.clone(),
        task_title_instructions: req.task_title_instructions.clone(),
        skills: skills_from(&req.skills),
        defaults: defaults_from(&req.defaults),
        created_at: now.clone(),
    };
    let mut agent = Agent {
        id: records::new_id(st, "agt"),
        name: req.name.clone(),
        description: req.description.clone(),
        is_standard,
        archived_at: None,
        current_version: version.clone(),
        created_at: now,
    };
    add_version(
        st,
        &mut agent,
        VersionRec {
            version,
            file_ids: vec![],
            repos: vec![],
        },
    );
    agent
}

fn editable(agent: &Agent) -> AcResult<()> {
    if agent.is_standard {
        return Err(AcError::invalid(
            "Standard agents cannot be edited; fork it to customise",
        ));
    }
    if agent.archived_at.is_some() {
        return Err(AcError::invalid("Agent is archived"));
    }
    Ok(())
}

/// Repository links name existing repositories, with a tag and a mounting point.
pub fn check_links(st: &Shared, links: &[RepositoryLink]) -> AcResult<()> {
    if links.is_empty() {
        return Err(AcError::invalid("repositories must not be empty"));
    }
    for l in links {
        if records::repo(st, &l.repository_id).is_none() {
            return Err(AcError::invalid(format!(
                "Unknown repository {}",
                l.repository_id
            )));
        }
        if l.tag.trim().is_empty() || l.mounting_point.trim().is_empty() {
            return Err(AcError::invalid("tag and mountingPoint are required"));
        }
    }
    Ok(())
}

/// Every agent, archived ones included (marked by `archivedAt`, which the reference shows on
/// list items); clients decide whether to show them.
pub fn list(st: &Shared) -> Vec<Agent> {
    st.store.list::<Agent>(AGENT, None)
}

/// Creates a custom agent (`POST /agents`).
pub fn create(st: &Shared, req: &CreateAgent) -> AcResult<Agent> {
    if req.name.trim().is_empty() {
        return Err(AcError::invalid_field("name", "name is required"));
    }
    if req.runtime.container_image.trim().is_empty() {
        return Err(AcError::invalid_field(
            "runtime.containerImage",
            "runtime.containerImage is required",
        ));
    }
    validate_defaults(st, &req.defaults, &req.skills)?;
    Ok(create_agent(st, req, false))
}

/// Applies an update; execution changes make a new version.
pub async fn update(st: &AppState, id: &str, req: &UpdateAgent) -> AcResult<Agent> {
    let _g = st.sim_lock.lock().await;
    let mut agent = records::agent(st, id)?;
    editable(&agent)?;
    if let Some(n) = &req.name {
        if n.trim().is_empty() {
            return Err(AcError::invalid("name cannot be empty"));
        }
        agent.name = n.clone();
    }
    if let Some(d) = &req.description {
        agent.description = Some(d.clone());
    }
    if let Some(d) = &req.defaults {
        validate_defaults(st, d, &req.skills)?;
    }
    let execution_change = req.runtime.is_some()
        || req.base_prompt.is_some()
        || req.task_title_instructions.is_some()
        || req.defaults.is_some()
        || req.skills.is_some();
    if execution_change {
        let mut rec = current(st, &agent);
        let v = &mut rec.version;
        if let Some(rt) = &req.runtime {
            if let Some(i) = &rt.container_image {
                v.runtime.container_image = i.clone();
            }
            if let Some(r) = &rt.agent_runtime {
                v.runtime.agent_runtime = r.clone();
            }
        }
        if let Some(p) = &req.base_prompt {
            v.base_prompt = p.clone();
        }
        if let Some(t) = &req.task_title_instructions {
            v.task_title_instructions = t.clone();
        }
        if let Some(d) = &req.defaults {
            let keep_key = v.defaults.has_provider_api_key;
            v.defaults = defaults_from(d);
            v.defaults.has_provider_api_key |= keep_key && d.provider_api_key.is_none();
        }
        if req.skills.is_some() {
            v.skills = skills_from(&req.skills);
        }
        add_version(st, &mut agent, rec);
    } else {
        st.store.put(AGENT, &agent.id, "", &agent);
    }
    Ok(agent)
}

/// Archives a custom agent.
pub fn archive(st: &Shared, id: &str) -> AcResult<()> {
    let mut agent = records::agent(st, id)?;
    if agent.is_standard {
        return Err(AcError::invalid("Standard agents cannot be archived"));
    }
    agent.archived_at.get_or_insert_with(|| st.clock.now());
    st.store.put(AGENT, &agent.id, "", &agent);
    Ok(())
}

/// A custom copy of a standard agent.
pub fn fork(st: &Shared, id: &str, req: ForkAgent) -> AcResult<Agent> {
    let source = records::agent(st, id)?;
    if !source.is_standard {
        return Err(AcError::invalid("Only standard agents can be forked"));
    }
    let src = current(st, &source);
    let now = st.clock.now();
    let mut agent = Agent {
        id: records::new_id(st, "agt"),
        name: req
            .name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("{} (fork)", source.name)),
        description: req.description.or(source.description.clone()),
        is_standard: false,
        archived_at: None,
        current_version: src.version.clone(),
        created_at: now,
    };
    add_version(
        st,
        &mut agent,
        VersionRec {
            version: src.version,
            file_ids: src.file_ids,
            repos: src.repos,
        },
    );
    Ok(agent)
}

/// The versions of an agent, newest first.
pub fn versions(st: &Shared, id: &str) -> AcResult<Vec<AgentVersion>> {
    records::agent(st, id)?;
    let mut v: Vec<AgentVersion> = st
        .store
        .list::<VersionRec>(VERSION, Some(id))
        .into_iter()
        .map(|r| r.version)
        .collect();
    v.sort_by_key(|a| std::cmp::Reverse(a.number));
    Ok(v)
}

/// One version of an agent.
pub fn version(st: &Shared, id: &str, vid: &str) -> AcResult<AgentVersion> {
    records::agent(st, id)?;
    st.store
        .get_doc::<VersionRec>(VERSION, vid)
        .filter(|d| d.scope == id)
        .map(|d| d.value.version)
        .ok_or_else(|| AcError::not_found("Agent version"))
}

/// The reference files of an agent's current version.
pub fn reference_files(st: &Shared, id: &str) -> AcResult<Vec<File>> {
    let agent = records::agent(st, id)?;
    let files: Vec<File> = current(st, &agent)
        .file_ids
        .iter()
        .filter_map(|f| st.store.get::<records::FileRec>(records::FILE, f))
        .map(|f| f.file)
        .collect();
    Ok(files)
}

/// Attaches reference files (a new version).
pub async fn attach_reference_files(
    st: &AppState,
    id: &str,
    file_ids: Vec<String>,
) -> AcResult<Agent> {
    let _g = st.sim_lock.lock().await;
    let mut agent = records::agent(st, id)?;
    editable(&agent)?;
    if file_ids.is_empty() {
        return Err(AcError::invalid("fileIds must not be empty"));
    }
    for f in &file_ids {
        if st.store.get::<records::FileRec>(records::FILE, f).is_none() {
            return Err(AcError::invalid(format!("Unknown file {f}")));
        }
    }
    let mut rec = current(st, &agent);
    for f in file_ids {
        if !rec.file_ids.contains(&f) {
            rec.file_ids.push(f);
        }
    }
    add_version(st, &mut agent, rec);
    Ok(agent)
}

/// The repositories attached to an agent's current version.
pub fn repositories(st: &Shared, id: &str) -> AcResult<Vec<AttachedRepository>> {
    let agent = records::agent(st, id)?;
    Ok(records::attached(st, &current(st, &agent).repos))
}

/// Attaches repositories (a new version; one per mounting point).
pub async fn attach_repositories(
    st: &AppState,
    id: &str,
    repositories: Vec<RepositoryLink>,
) -> AcResult<Agent> {
    let _g = st.sim_lock.lock().await;
    let mut agent = records::agent(st, id)?;
    editable(&agent)?;
    check_links(st, &repositories)?;
    let mut rec = current(st, &agent);
    for l in repositories {
        rec.repos.retain(|x| x.mounting_point != l.mounting_point);
        rec.repos.push(l);
    }
    add_version(st, &mut agent, rec);
    Ok(agent)
}

/// Detaches a repository from a mounting point (a new version).
pub async fn detach_repository(
    st: &AppState,
    id: &str,
    repo_id: &str,
    mountpoint: &str,
) -> AcResult<()> {
    let _g = st.sim_lock.lock().await;
    let mut agent = records::agent(st, id)?;
    editable(&agent)?;
    let mut rec = current(st, &agent);
    let before = rec.repos.len();
    rec.repos
        .retain(|l| !(l.repository_id == repo_id && l.mounting_point == mountpoint));
    if rec.repos.len() == before {
        return Err(AcError::not_found("Repository attachment"));
    }
    add_version(st, &mut agent, rec);
    Ok(())
}
