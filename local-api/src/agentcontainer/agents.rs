//! Account, agents and their versions, reference files and repository attachments.
//! Execution changes and attachments make a new version; standard agents can be forked but
//! not edited.

use super::auth::{AcAuth, Body};
use super::error::{AcError, AcResult};
use super::model::{self, VersionRec, AGENT, VERSION};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;

pub async fn account(State(st): State<AppState>, _a: AcAuth) -> Json<Account> {
    let used: u64 = st
        .store
        .list::<model::FileRec>(model::FILE, None)
        .iter()
        .filter_map(|f| f.file.size_bytes)
        .sum();
    let created = st
        .store
        .meta("ac_account_created")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(crate::clock::now_ms);
    Json(Account {
        id: "acct_local".into(),
        name: Some("Local developer".into()),
        email: Some("dev@localhost".into()),
        credit_balance: model::credits(&st),
        billing_mode: BillingMode::Standard,
        file_storage: StorageUsage {
            used_bytes: used,
            quota_bytes: 1 << 30,
            is_enforced: true,
        },
        checkpoint_storage: StorageUsage {
            used_bytes: 0,
            quota_bytes: 5 << 30,
            is_enforced: false,
        },
        created_at: crate::clock::ts(created),
    })
}

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
        return Err(AcError::invalid("defaults.model is required"));
    }
    if d.max_runtime_seconds == 0 {
        return Err(AcError::invalid(
            "defaults.maxRuntimeSeconds must be positive",
        ));
    }
    if d.output_policy.mode == OutputPolicyMode::Named
        && d.output_policy.files.as_ref().is_none_or(Vec::is_empty)
    {
        return Err(AcError::invalid(
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
                .get::<model::SshKeyRec>(model::SSH_KEY, k)
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
    rec.version.id = model::new_id(st, "ver");
    rec.version.number = number;
    rec.version.created_at = st.clock.now();
    st.store.put(VERSION, &rec.version.id, &agent.id, &rec);
    agent.current_version = rec.version.clone();
    st.store.put(AGENT, &agent.id, "", agent);
    rec.version
}

pub fn current(st: &Shared, agent: &Agent) -> VersionRec {
    model::version(st, &agent.current_version.id).unwrap_or(VersionRec {
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
        id: model::new_id(st, "agt"),
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

pub async fn list(
    State(st): State<AppState>,
    _a: AcAuth,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<Agent>>> {
    let agents: Vec<Agent> = st
        .store
        .list::<Agent>(AGENT, None)
        .into_iter()
        .filter(|a| a.archived_at.is_none())
        .collect();
    Ok(Json(model::paginate(
        agents,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateAgent>,
) -> AcResult<(StatusCode, Json<Agent>)> {
    if req.name.trim().is_empty() {
        return Err(AcError::invalid("name is required"));
    }
    if req.runtime.container_image.trim().is_empty() {
        return Err(AcError::invalid("runtime.containerImage is required"));
    }
    validate_defaults(&st, &req.defaults, &req.skills)?;
    Ok((StatusCode::CREATED, Json(create_agent(&st, &req, false))))
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<Agent>> {
    Ok(Json(model::agent(&st, &id)?))
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

pub async fn update(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<UpdateAgent>,
) -> AcResult<Json<Agent>> {
    let _g = st.sim_lock.lock().await;
    let mut agent = model::agent(&st, &id)?;
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
        validate_defaults(&st, d, &req.skills)?;
    }
    let execution_change = req.runtime.is_some()
        || req.base_prompt.is_some()
        || req.task_title_instructions.is_some()
        || req.defaults.is_some()
        || req.skills.is_some();
    if execution_change {
        let mut rec = current(&st, &agent);
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
        add_version(&st, &mut agent, rec);
    } else {
        st.store.put(AGENT, &agent.id, "", &agent);
    }
    Ok(Json(agent))
}

pub async fn archive(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    let mut agent = model::agent(&st, &id)?;
    if agent.is_standard {
        return Err(AcError::invalid("Standard agents cannot be archived"));
    }
    agent.archived_at.get_or_insert_with(|| st.clock.now());
    st.store.put(AGENT, &agent.id, "", &agent);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn fork(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<ForkAgent>,
) -> AcResult<(StatusCode, Json<Agent>)> {
    let source = model::agent(&st, &id)?;
    if !source.is_standard {
        return Err(AcError::invalid("Only standard agents can be forked"));
    }
    let src = current(&st, &source);
    let now = st.clock.now();
    let mut agent = Agent {
        id: model::new_id(&st, "agt"),
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
        &st,
        &mut agent,
        VersionRec {
            version: src.version,
            file_ids: src.file_ids,
            repos: src.repos,
        },
    );
    Ok((StatusCode::CREATED, Json(agent)))
}

pub async fn versions(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<AgentVersion>>> {
    model::agent(&st, &id)?;
    let mut v: Vec<AgentVersion> = st
        .store
        .list::<VersionRec>(VERSION, Some(&id))
        .into_iter()
        .map(|r| r.version)
        .collect();
    v.sort_by_key(|a| std::cmp::Reverse(a.number));
    Ok(Json(model::paginate(
        v,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn version(
    State(st): State<AppState>,
    _a: AcAuth,
    Path((id, vid)): Path<(String, String)>,
) -> AcResult<Json<AgentVersion>> {
    model::agent(&st, &id)?;
    st.store
        .get_doc::<VersionRec>(VERSION, &vid)
        .filter(|d| d.scope == id)
        .map(|d| Json(d.value.version))
        .ok_or_else(|| AcError::not_found("Agent version"))
}

pub async fn reference_files(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<File>>> {
    let agent = model::agent(&st, &id)?;
    let files: Vec<File> = current(&st, &agent)
        .file_ids
        .iter()
        .filter_map(|f| st.store.get::<model::FileRec>(model::FILE, f))
        .map(|f| f.file)
        .collect();
    Ok(Json(model::paginate(
        files,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn attach_reference_files(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<AttachReferenceFiles>,
) -> AcResult<Json<Agent>> {
    let _g = st.sim_lock.lock().await;
    let mut agent = model::agent(&st, &id)?;
    editable(&agent)?;
    if req.file_ids.is_empty() {
        return Err(AcError::invalid("fileIds must not be empty"));
    }
    for f in &req.file_ids {
        if st.store.get::<model::FileRec>(model::FILE, f).is_none() {
            return Err(AcError::invalid(format!("Unknown file {f}")));
        }
    }
    let mut rec = current(&st, &agent);
    for f in req.file_ids {
        if !rec.file_ids.contains(&f) {
            rec.file_ids.push(f);
        }
    }
    add_version(&st, &mut agent, rec);
    Ok(Json(agent))
}

pub fn check_links(st: &Shared, links: &[RepositoryLink]) -> AcResult<()> {
    if links.is_empty() {
        return Err(AcError::invalid("repositories must not be empty"));
    }
    for l in links {
        if model::repo(st, &l.repository_id).is_none() {
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

pub async fn repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<AttachedRepository>>> {
    let agent = model::agent(&st, &id)?;
    let list = model::attached(&st, &current(&st, &agent).repos);
    Ok(Json(model::paginate(
        list,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn attach_repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<AttachRepositories>,
) -> AcResult<Json<Agent>> {
    let _g = st.sim_lock.lock().await;
    let mut agent = model::agent(&st, &id)?;
    editable(&agent)?;
    check_links(&st, &req.repositories)?;
    let mut rec = current(&st, &agent);
    for l in req.repositories {
        rec.repos.retain(|x| x.mounting_point != l.mounting_point);
        rec.repos.push(l);
    }
    add_version(&st, &mut agent, rec);
    Ok(Json(agent))
}

pub async fn detach_repository(
    State(st): State<AppState>,
    _a: AcAuth,
    Path((id, repo_id)): Path<(String, String)>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> AcResult<StatusCode> {
    let _g = st.sim_lock.lock().await;
    let mountpoint = q
        .get("mountingPoint")
        .filter(|m| !m.is_empty())
        .ok_or_else(|| AcError::invalid("mountingPoint is required"))?;
    let mut agent = model::agent(&st, &id)?;
    editable(&agent)?;
    let mut rec = current(&st, &agent);
    let before = rec.repos.len();
    rec.repos
        .retain(|l| !(l.repository_id == repo_id && &l.mounting_point == mountpoint));
    if rec.repos.len() == before {
        return Err(AcError::not_found("Repository attachment"));
    }
    add_version(&st, &mut agent, rec);
    Ok(StatusCode::NO_CONTENT)
}
