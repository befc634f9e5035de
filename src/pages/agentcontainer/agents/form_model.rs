//! The agent form's values as typed (text, checkboxes, rows of skills and named output files)
//! and the request bodies made from them: [`AgentForm::to_create`] for `POST /agents`,
//! [`AgentForm::to_update`] for `PATCH /agents/{id}` (only what changed). Field keys follow the
//! request's JSON paths (`defaults.model`), the same keys a 422 names in `error.field`.

use agentdeck_wire::agentcontainer::{
    Agent, AgentDefaults, AgentRuntime, AgentRuntimeKind, AgentRuntimePatch, CreateAgent,
    OutputDescriptor, OutputPolicy, OutputPolicyMode, Provider, RuntimeRegion, SkillRequest,
    UpdateAgent,
};

/// Field keys (JSON paths of the request body).
pub mod key {
    pub const NAME: &str = "name";
    pub const DESCRIPTION: &str = "description";
    pub const IMAGE: &str = "runtime.containerImage";
    pub const RUNTIME: &str = "runtime.agentRuntime";
    pub const BASE_PROMPT: &str = "basePrompt";
    pub const TITLE: &str = "taskTitleInstructions";
    pub const PROVIDER: &str = "defaults.provider";
    pub const API_KEY: &str = "defaults.providerApiKey";
    pub const MODEL: &str = "defaults.model";
    pub const WEAK_MODEL: &str = "defaults.weakModel";
    pub const INTERNET: &str = "defaults.internetAccess";
    pub const MAX_RUNTIME: &str = "defaults.maxRuntimeSeconds";
    pub const PER_TURN: &str = "defaults.maxRuntimePerTurnSeconds";
    pub const SESSION_TTL: &str = "defaults.sessionTtlSeconds";
    pub const SOFT_FINISH: &str = "defaults.softFinishAfterSeconds";
    pub const HIBERNATION: &str = "defaults.hibernationEnabled";
    pub const HIBERNATION_CYCLE: &str = "defaults.maxTimePerHibernationCycle";
    pub const HIBERNATION_TOTAL: &str = "defaults.maxAccumulatedTime";
    pub const OUTPUT: &str = "defaults.outputPolicy";
    pub const REGION: &str = "defaults.runtimeRegion";
    pub const SKILLS: &str = "skills";
}

/// Whether a 422 message names field `key` as a whole word ("defaults.model is required"):
/// for services that say which field is wrong only in their message, not in `error.field`.
pub fn mentions_field(message: &str, key: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    message.match_indices(key).any(|(i, _)| {
        let before = message[..i].chars().next_back();
        let after = message[i + key.len()..].chars().next();
        before.is_none_or(|c| !word(c) && c != '.') && after.is_none_or(|c| !word(c))
    })
}

/// What to do with the provider API key of an agent that has one (it is write-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyAction {
    #[default]
    Keep,
    Replace,
    Clear,
}

impl KeyAction {
    pub fn value(self) -> &'static str {
        match self {
            KeyAction::Keep => "keep",
            KeyAction::Replace => "replace",
            KeyAction::Clear => "clear",
        }
    }

    pub fn from_value(v: &str) -> Self {
        match v {
            "replace" => KeyAction::Replace,
            "clear" => KeyAction::Clear,
            _ => KeyAction::Keep,
        }
    }
}

/// A named output file of the output policy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutputFileRow {
    /// Stable row id for the view (not sent).
    pub row: u32,
    pub name: String,
    pub description: String,
}

/// A skill installed into the workspace.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SkillRow {
    pub row: u32,
    pub skill: String,
    pub ssh_key_id: String,
}

/// The form, as typed. Numbers stay text until sent, so nothing typed is ever rewritten.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentForm {
    pub name: String,
    pub description: String,
    pub container_image: String,
    pub agent_runtime: String,
    pub base_prompt: String,
    pub title_instructions: String,
    /// Empty: the account's default provider.
    pub provider: String,
    /// Whether the agent being edited has a provider API key set.
    pub has_key: bool,
    pub key_action: KeyAction,
    pub provider_key: String,
    pub model: String,
    pub weak_model: String,
    pub internet_access: bool,
    pub max_runtime: String,
    pub max_runtime_per_turn: String,
    pub session_ttl: String,
    pub soft_finish_after: String,
    pub hibernation_enabled: bool,
    pub hibernation_cycle: String,
    pub hibernation_total: String,
    pub output_mode: String,
    pub output_files: Vec<OutputFileRow>,
    pub region: String,
    pub skills: Vec<SkillRow>,
}

impl Default for AgentForm {
    /// A new agent: the service's documented defaults (hibernation on, any output, any region).
    fn default() -> Self {
        AgentForm {
            name: String::new(),
            description: String::new(),
            container_image: String::new(),
            agent_runtime: AgentRuntimeKind::Pi.as_str().into(),
            base_prompt: String::new(),
            title_instructions: String::new(),
            provider: String::new(),
            has_key: false,
            key_action: KeyAction::Keep,
            provider_key: String::new(),
            model: String::new(),
            weak_model: String::new(),
            internet_access: true,
            max_runtime: "3600".into(),
            max_runtime_per_turn: String::new(),
            session_ttl: String::new(),
            soft_finish_after: String::new(),
            hibernation_enabled: true,
            hibernation_cycle: String::new(),
            hibernation_total: String::new(),
            output_mode: OutputPolicyMode::Any.as_str().into(),
            output_files: Vec::new(),
            region: RuntimeRegion::Any.as_str().into(),
            skills: Vec::new(),
        }
    }
}

fn num(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `""` -> `None`; a whole number -> `Some`; anything else is an error.
fn seconds(s: &str) -> Result<Option<u64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<u64>().map(Some).map_err(|_| ())
}

impl AgentForm {
    /// The form filled from an agent's current version (the edit form starts here).
    pub fn from_agent(agent: &Agent) -> AgentForm {
        let v = &agent.current_version;
        let d = &v.defaults;
        let mut form = AgentForm {
            name: agent.name.clone(),
            description: agent.description.clone().unwrap_or_default(),
            container_image: v.runtime.container_image.clone(),
            agent_runtime: v.runtime.agent_runtime.as_str().into(),
            base_prompt: v.base_prompt.clone(),
            title_instructions: v.task_title_instructions.clone().unwrap_or_default(),
            provider: d
                .provider
                .as_ref()
                .map(|p| p.as_str().into())
                .unwrap_or_default(),
            has_key: d.has_provider_api_key,
            key_action: KeyAction::Keep,
            provider_key: String::new(),
            model: d.model.clone(),
            weak_model: d.weak_model.clone().unwrap_or_default(),
            internet_access: d.internet_access,
            max_runtime: d.max_runtime_seconds.to_string(),
            max_runtime_per_turn: num(d.max_runtime_per_turn_seconds),
            session_ttl: num(d.session_ttl_seconds),
            soft_finish_after: num(d.soft_finish_after_seconds),
            hibernation_enabled: d.hibernation_enabled,
            hibernation_cycle: num(d.max_time_per_hibernation_cycle),
            hibernation_total: num(d.max_accumulated_time),
            output_mode: d.output_policy.mode.as_str().into(),
            output_files: Vec::new(),
            region: d.runtime_region.as_str().into(),
            skills: Vec::new(),
        };
        for f in d.output_policy.files.iter().flatten() {
            form.add_output_file();
            let row = form.output_files.last_mut().expect("just added");
            row.name = f.name.clone();
            row.description = f.description.clone().unwrap_or_default();
        }
        for s in &v.skills {
            form.add_skill();
            let row = form.skills.last_mut().expect("just added");
            row.skill = s.skill.clone();
            row.ssh_key_id = s.ssh_key_id.clone().unwrap_or_default();
        }
        form
    }

    fn next_row(&self) -> u32 {
        let skills = self.skills.iter().map(|r| r.row);
        let files = self.output_files.iter().map(|r| r.row);
        skills.chain(files).max().map_or(1, |m| m + 1)
    }

    pub fn add_skill(&mut self) {
        let row = self.next_row();
        self.skills.push(SkillRow {
            row,
            ..Default::default()
        });
    }

    pub fn add_output_file(&mut self) {
        let row = self.next_row();
        self.output_files.push(OutputFileRow {
            row,
            ..Default::default()
        });
    }

    /// What the form itself can tell is wrong (a number that is not one, a missing new key), by
    /// field key. The service checks the rest and names the field in its 422.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push((key::NAME, "Give the agent a name.".to_string()));
        }
        for (k, v) in [
            (key::MAX_RUNTIME, &self.max_runtime),
            (key::PER_TURN, &self.max_runtime_per_turn),
            (key::SESSION_TTL, &self.session_ttl),
            (key::SOFT_FINISH, &self.soft_finish_after),
            (key::HIBERNATION_CYCLE, &self.hibernation_cycle),
            (key::HIBERNATION_TOTAL, &self.hibernation_total),
        ] {
            if seconds(v).is_err() {
                out.push((k, "Enter a whole number of seconds.".to_string()));
            }
        }
        if self.has_key
            && self.key_action == KeyAction::Replace
            && self.provider_key.trim().is_empty()
        {
            out.push((
                key::API_KEY,
                "Enter the new key, or keep the one that is set.".to_string(),
            ));
        }
        out
    }

    /// The key to send: for a new agent (or one without a key) whatever was typed; for an agent
    /// with a key, nothing (keep), the new key, or `""` (clear).
    fn key_to_send(&self) -> Option<String> {
        if !self.has_key {
            return opt(&self.provider_key);
        }
        match self.key_action {
            KeyAction::Keep => None,
            KeyAction::Replace => opt(&self.provider_key),
            KeyAction::Clear => Some(String::new()),
        }
    }

    fn output_policy(&self) -> OutputPolicy {
        let mode = OutputPolicyMode::parse(&self.output_mode);
        let files = (mode == OutputPolicyMode::Named).then(|| {
            self.output_files
                .iter()
                .filter(|f| !f.name.trim().is_empty())
                .map(|f| OutputDescriptor {
                    name: f.name.trim().to_string(),
                    description: opt(&f.description),
                })
                .collect()
        });
        OutputPolicy { mode, files }
    }

    /// The `defaults` object (call after [`problems`](Self::problems) came back empty: an
    /// unreadable number is sent as absent).
    pub fn defaults(&self) -> AgentDefaults {
        let secs = |s: &str| seconds(s).ok().flatten();
        AgentDefaults {
            provider: opt(&self.provider).map(|p| Provider::parse(&p)),
            provider_api_key: self.key_to_send(),
            runtime: None,
            model: self.model.trim().to_string(),
            weak_model: opt(&self.weak_model),
            internet_access: self.internet_access,
            max_runtime_seconds: secs(&self.max_runtime).unwrap_or(0),
            max_runtime_per_turn_seconds: secs(&self.max_runtime_per_turn),
            session_ttl_seconds: secs(&self.session_ttl),
            soft_finish_after_seconds: secs(&self.soft_finish_after),
            hibernation_enabled: Some(self.hibernation_enabled),
            max_time_per_hibernation_cycle: secs(&self.hibernation_cycle),
            max_accumulated_time: secs(&self.hibernation_total),
            output_policy: self.output_policy(),
            runtime_region: RuntimeRegion::parse(&self.region),
        }
    }

    fn skill_requests(&self) -> Vec<SkillRequest> {
        self.skills
            .iter()
            .filter(|s| !s.skill.trim().is_empty())
            .map(|s| SkillRequest {
                skill: s.skill.trim().to_string(),
                ssh_key_id: opt(&s.ssh_key_id),
            })
            .collect()
    }

    /// `POST /agents`.
    pub fn to_create(&self) -> CreateAgent {
        let skills = self.skill_requests();
        CreateAgent {
            name: self.name.trim().to_string(),
            description: opt(&self.description),
            runtime: AgentRuntime {
                container_image: self.container_image.trim().to_string(),
                agent_runtime: AgentRuntimeKind::parse(&self.agent_runtime),
            },
            base_prompt: self.base_prompt.clone(),
            task_title_instructions: opt(&self.title_instructions),
            defaults: self.defaults(),
            skills: (!skills.is_empty()).then_some(skills),
        }
    }

    /// `PATCH /agents/{id}` with only what differs from `before` (the form as it was loaded).
    /// Changing the runtime, prompts, defaults or skills makes a new version.
    pub fn to_update(&self, before: &AgentForm) -> UpdateAgent {
        let changed = |a: &str, b: &str| a.trim() != b.trim();
        let runtime = AgentRuntimePatch {
            container_image: changed(&self.container_image, &before.container_image)
                .then(|| self.container_image.trim().to_string()),
            agent_runtime: changed(&self.agent_runtime, &before.agent_runtime)
                .then(|| AgentRuntimeKind::parse(&self.agent_runtime)),
        };
        let defaults = self.defaults();
        let defaults_changed = self.key_to_send().is_some() || defaults != before.defaults();
        let skills = self.skill_requests();
        UpdateAgent {
            name: changed(&self.name, &before.name).then(|| self.name.trim().to_string()),
            description: changed(&self.description, &before.description)
                .then(|| self.description.trim().to_string()),
            runtime: (runtime != AgentRuntimePatch::default()).then_some(runtime),
            base_prompt: (self.base_prompt != before.base_prompt).then(|| self.base_prompt.clone()),
            task_title_instructions: changed(&self.title_instructions, &before.title_instructions)
                .then(|| opt(&self.title_instructions)),
            defaults: defaults_changed.then_some(defaults),
            skills: (skills != before.skill_requests()).then_some(skills),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::agentcontainer::{AgentVersion, AgentVersionDefaults, Skill};
    use agentdeck_wire::Timestamp;

    fn agent() -> Agent {
        let ts = Timestamp::new("2026-01-01T00:00:00Z");
        Agent {
            id: "agt_1".into(),
            name: "Site maintainer".into(),
            description: Some("Keeps the site healthy".into()),
            is_standard: false,
            archived_at: None,
            current_version: AgentVersion {
                id: "ver_1".into(),
                number: 1,
                runtime: AgentRuntime {
                    container_image: "ghcr.io/x/agent:1".into(),
                    agent_runtime: AgentRuntimeKind::Pi,
                },
                base_prompt: "You maintain a site.".into(),
                task_title_instructions: None,
                skills: vec![Skill {
                    skill: "a/b".into(),
                    ssh_key_id: Some("key_1".into()),
                }],
                defaults: AgentVersionDefaults {
                    provider: Some(Provider::Anthropic),
                    has_provider_api_key: true,
                    model: "claude".into(),
                    weak_model: None,
                    internet_access: true,
                    max_runtime_seconds: 3600,
                    max_runtime_per_turn_seconds: Some(600),
                    session_ttl_seconds: Some(900),
                    soft_finish_after_seconds: None,
                    hibernation_enabled: true,
                    max_time_per_hibernation_cycle: None,
                    max_accumulated_time: None,
                    output_policy: OutputPolicy {
                        mode: OutputPolicyMode::Named,
                        files: Some(vec![OutputDescriptor {
                            name: "report.md".into(),
                            description: Some("The report".into()),
                        }]),
                    },
                    runtime_region: RuntimeRegion::Eu,
                },
                created_at: ts.clone(),
            },
            created_at: ts,
        }
    }

    #[test]
    fn a_new_agent_sends_every_field_it_was_given() {
        let mut f = AgentForm {
            name: " Docs writer ".into(),
            container_image: "img:1".into(),
            base_prompt: "Write docs.".into(),
            model: "m".into(),
            provider: "openai".into(),
            provider_key: "sk-1".into(),
            session_ttl: "900".into(),
            output_mode: "named".into(),
            ..Default::default()
        };
        f.add_output_file();
        f.output_files[0].name = "docs.md".into();
        f.add_output_file(); // an empty row is not sent
        f.add_skill();
        f.skills[0].skill = "a/skill".into();
        assert!(f.problems().is_empty());
        let c = f.to_create();
        assert_eq!(c.name, "Docs writer");
        assert_eq!(c.description, None);
        assert_eq!(c.runtime.agent_runtime, AgentRuntimeKind::Pi);
        assert_eq!(c.task_title_instructions, None);
        assert_eq!(c.defaults.provider, Some(Provider::Openai));
        assert_eq!(c.defaults.provider_api_key.as_deref(), Some("sk-1"));
        assert_eq!(c.defaults.max_runtime_seconds, 3600);
        assert_eq!(c.defaults.session_ttl_seconds, Some(900));
        assert_eq!(c.defaults.max_runtime_per_turn_seconds, None);
        assert_eq!(c.defaults.hibernation_enabled, Some(true));
        let files = c.defaults.output_policy.files.unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].name, "docs.md");
        assert_eq!(c.skills.unwrap()[0].skill, "a/skill");
        // The JSON is the documented shape.
        let json = serde_json::to_value(f.to_create()).unwrap();
        assert_eq!(json["defaults"]["outputPolicy"]["mode"], "named");
        assert_eq!(json["runtime"]["containerImage"], "img:1");
    }

    #[test]
    fn the_form_checks_names_numbers_and_keys() {
        let f = AgentForm {
            max_runtime: "1h".into(),
            session_ttl: "-5".into(),
            ..Default::default()
        };
        let keys: Vec<&str> = f.problems().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, [key::NAME, key::MAX_RUNTIME, key::SESSION_TTL]);
        let mut f = AgentForm::from_agent(&agent());
        f.key_action = KeyAction::Replace;
        assert_eq!(f.problems()[0].0, key::API_KEY);
    }

    #[test]
    fn edit_starts_from_the_current_version_and_sends_only_changes() {
        let before = AgentForm::from_agent(&agent());
        assert_eq!(before.output_files[0].name, "report.md");
        assert_eq!(before.skills[0].ssh_key_id, "key_1");
        assert_eq!(before.region, "eu");
        assert_eq!(before.to_update(&before), UpdateAgent::default());

        let mut f = before.clone();
        f.name = "Renamed".into();
        let u = f.to_update(&before);
        assert_eq!(u.name.as_deref(), Some("Renamed"));
        assert_eq!((u.defaults, u.skills, u.runtime), (None, None, None));

        let mut f = before.clone();
        f.model = "other".into();
        f.title_instructions = "Short titles".into();
        let u = f.to_update(&before);
        let d = u.defaults.unwrap();
        assert_eq!(d.model, "other");
        assert_eq!(
            d.provider_api_key, None,
            "the key is kept by not sending it"
        );
        assert_eq!(
            d.output_policy,
            agent().current_version.defaults.output_policy
        );
        assert_eq!(u.task_title_instructions, Some(Some("Short titles".into())));

        let mut cleared = f.clone();
        cleared.title_instructions = String::new();
        assert_eq!(cleared.to_update(&f).task_title_instructions, Some(None));

        let mut f = before.clone();
        f.skills.clear();
        f.container_image = "img:2".into();
        let u = f.to_update(&before);
        assert_eq!(u.skills, Some(vec![]));
        assert_eq!(u.runtime.unwrap().container_image.as_deref(), Some("img:2"));
    }

    #[test]
    fn the_write_only_key_is_kept_replaced_or_cleared() {
        let before = AgentForm::from_agent(&agent());
        assert!(before.has_key);
        let mut f = before.clone();
        f.provider_key = "typed but kept".into();
        assert_eq!(f.to_update(&before).defaults, None);
        f.key_action = KeyAction::Replace;
        f.provider_key = "sk-new".into();
        let d = f.to_update(&before).defaults.unwrap();
        assert_eq!(d.provider_api_key.as_deref(), Some("sk-new"));
        f.key_action = KeyAction::Clear;
        let d = f.to_update(&before).defaults.unwrap();
        assert_eq!(d.provider_api_key.as_deref(), Some(""));
        for a in [KeyAction::Keep, KeyAction::Replace, KeyAction::Clear] {
            assert_eq!(KeyAction::from_value(a.value()), a);
        }
    }

    #[test]
    fn a_message_can_name_its_field() {
        assert!(mentions_field("defaults.model is required", key::MODEL));
        assert!(mentions_field(
            "defaults.maxRuntimeSeconds must be positive",
            key::MAX_RUNTIME
        ));
        assert!(mentions_field("skills[].skill is required", key::SKILLS));
        assert!(mentions_field("The name is required.", key::NAME));
        assert!(mentions_field("Give it a name.", key::NAME));
        assert!(!mentions_field("agent.name is required", key::NAME));
        assert!(!mentions_field(
            "outputPolicy named needs a file",
            key::NAME
        ));
        assert!(!mentions_field("defaults.modelX is odd", key::MODEL));
        assert!(!mentions_field("weakModel is odd", key::MODEL));
        assert!(!mentions_field("defaults.weakModel is odd", key::MODEL));
    }

    #[test]
    fn rows_keep_stable_ids() {
        let mut f = AgentForm::default();
        f.add_skill();
        f.add_output_file();
        f.add_skill();
        let rows: Vec<u32> = f.skills.iter().map(|r| r.row).collect();
        assert_eq!(rows, [1, 3]);
        f.skills.remove(0);
        f.add_skill();
        assert_eq!(f.skills[1].row, 4);
    }
}
