//! The dispatch form's values as typed, what is wrong with them, and the `CreateTask` body they
//! make; and when a retry may reuse the idempotency key of the last attempt. Pure, natively
//! tested.

use agentdeck_wire::agentcontainer::{
    AgentRuntimeKind, CreateTask, JsonObject, OutputDescriptor, OutputPolicy, OutputPolicyMode,
    Provider, RepositoryLink, RuntimeRegion, SkillRequest, TaskOverrides,
};

/// One input repository row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepoRow {
    pub repository_id: String,
    pub tag: String,
    pub mounting_point: String,
    pub setup_script: String,
}

/// The form's values, as typed (instructions and files are kept apart).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DispatchForm {
    /// Empty: the agent's current version.
    pub version_id: String,
    pub repos: Vec<RepoRow>,
    /// One skill per line.
    pub skills: String,
    pub metadata: Vec<(String, String)>,
    pub model: String,
    pub weak_model: String,
    /// Empty: the agent's default.
    pub provider: String,
    pub provider_api_key: String,
    pub base_prompt: String,
    /// "", "on" or "off".
    pub internet: String,
    pub hibernation: String,
    pub max_runtime_seconds: String,
    pub max_runtime_per_turn_seconds: String,
    pub session_ttl_seconds: String,
    pub soft_finish_after_seconds: String,
    /// "", "any", "none", "at_least_one", "named".
    pub output_mode: String,
    /// Named output files, one per line (`name: description`).
    pub output_files: String,
    pub region: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn switch(s: &str) -> Option<bool> {
    match s {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

/// The number typed in a seconds field: `Ok(None)` when empty.
pub fn seconds(s: &str) -> Result<Option<u64>, ()> {
    match s.trim() {
        "" => Ok(None),
        t => t.parse::<u64>().map(Some).map_err(drop),
    }
}

/// Reads one field of the form.
type Field = fn(&DispatchForm) -> &String;

const SECONDS: &[(&str, Field)] = &[
    ("Maximum runtime", |f| &f.max_runtime_seconds),
    ("Maximum runtime per turn", |f| {
        &f.max_runtime_per_turn_seconds
    }),
    ("Session TTL", |f| &f.session_ttl_seconds),
    ("Soft finish after", |f| &f.soft_finish_after_seconds),
];

impl DispatchForm {
    /// Everything wrong with the form, in words; empty when it can be sent. The instructions
    /// are the service's to check (its 422 is shown next to them).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, get) in SECONDS {
            if seconds(get(self)).is_err() {
                out.push(format!("{name} must be a whole number of seconds."));
            }
        }
        for (i, r) in self.repos.iter().enumerate() {
            if r.repository_id.trim().is_empty() {
                out.push(format!("Choose the repository of row {}.", i + 1));
            }
            if r.mounting_point.trim().is_empty() {
                out.push(format!("Give repository row {} a mount point.", i + 1));
            }
        }
        let mut keys: Vec<&str> = Vec::new();
        for (k, v) in &self.metadata {
            let k = k.trim();
            if k.is_empty() && !v.trim().is_empty() {
                out.push("Every metadata value needs a key.".into());
            } else if !k.is_empty() && keys.contains(&k) {
                out.push(format!(
                    "The metadata key \u{201c}{k}\u{201d} appears twice."
                ));
            }
            keys.push(k);
        }
        if self.output_mode == "named" && self.named_outputs().is_empty() {
            out.push("Name at least one output file, or choose another output policy.".into());
        }
        out
    }

    fn named_outputs(&self) -> Vec<OutputDescriptor> {
        self.output_files
            .lines()
            .filter_map(|l| {
                let (name, desc) = match l.split_once(':') {
                    Some((n, d)) => (n, opt(d)),
                    None => (l, None),
                };
                opt(name).map(|name| OutputDescriptor {
                    name,
                    description: desc,
                })
            })
            .collect()
    }

    fn overrides(&self) -> Option<TaskOverrides> {
        let output_policy = opt(&self.output_mode).map(|m| OutputPolicy {
            files: (m == "named").then(|| self.named_outputs()),
            mode: OutputPolicyMode::parse(&m),
        });
        let o = TaskOverrides {
            provider: opt(&self.provider).map(|p| Provider::parse(&p)),
            runtime: None::<AgentRuntimeKind>,
            base_prompt: opt(&self.base_prompt),
            provider_api_key: opt(&self.provider_api_key),
            model: opt(&self.model),
            weak_model: opt(&self.weak_model),
            internet_access: switch(&self.internet),
            max_runtime_seconds: seconds(&self.max_runtime_seconds).ok().flatten(),
            max_runtime_per_turn_seconds: seconds(&self.max_runtime_per_turn_seconds)
                .ok()
                .flatten(),
            session_ttl_seconds: seconds(&self.session_ttl_seconds).ok().flatten(),
            soft_finish_after_seconds: seconds(&self.soft_finish_after_seconds).ok().flatten(),
            hibernation_enabled: switch(&self.hibernation),
            max_time_per_hibernation_cycle: None,
            max_accumulated_time: None,
            output_policy,
            runtime_region: opt(&self.region).map(|r| RuntimeRegion::parse(&r)),
        };
        (o != TaskOverrides::default()).then_some(o)
    }

    /// The request body (call after [`problems`](Self::problems) came back empty).
    pub fn to_request(&self, instructions: &str, file_ids: Vec<String>) -> CreateTask {
        let repos: Vec<RepositoryLink> = self
            .repos
            .iter()
            .map(|r| RepositoryLink {
                repository_id: r.repository_id.trim().to_string(),
                tag: opt(&r.tag).unwrap_or_else(|| "main".into()),
                mounting_point: r.mounting_point.trim().to_string(),
                setup_script: opt(&r.setup_script),
            })
            .collect();
        let skills: Vec<SkillRequest> = self
            .skills
            .lines()
            .filter_map(opt)
            .map(|skill| SkillRequest {
                skill,
                ssh_key_id: None,
            })
            .collect();
        let metadata: JsonObject = self
            .metadata
            .iter()
            .filter_map(|(k, v)| opt(k).map(|k| (k, serde_json::Value::String(v.clone()))))
            .collect();
        CreateTask {
            version_id: opt(&self.version_id),
            instructions: instructions.to_string(),
            input_file_ids: (!file_ids.is_empty()).then_some(file_ids),
            input_repositories: (!repos.is_empty()).then_some(repos),
            skills: (!skills.is_empty()).then_some(skills),
            metadata: (!metadata.is_empty()).then_some(metadata),
            overrides: self.overrides(),
        }
    }
}

/// Whether a dispatch of `body` may reuse the key of the last attempt (`last`): only a retry of
/// the very same request does; a changed request is a new dispatch with a new key.
pub fn reuse_key(last: Option<&CreateTask>, body: &CreateTask) -> bool {
    last == Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_form_sends_only_the_instructions() {
        let f = DispatchForm::default();
        assert_eq!(f.problems(), Vec::<String>::new());
        let r = f.to_request("Fix it", vec![]);
        assert_eq!(
            r,
            CreateTask {
                instructions: "Fix it".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn every_part_goes_into_the_request() {
        let f = DispatchForm {
            version_id: "v2".into(),
            repos: vec![RepoRow {
                repository_id: "r1".into(),
                tag: "".into(),
                mounting_point: "/workspace/site".into(),
                setup_script: "npm ci".into(),
            }],
            skills: "web\n\n pdf ".into(),
            metadata: vec![("ticket".into(), "42".into()), ("".into(), "".into())],
            model: "m".into(),
            internet: "off".into(),
            max_runtime_seconds: "600".into(),
            output_mode: "named".into(),
            output_files: "report.md: the report\nsummary.json".into(),
            region: "eu".into(),
            ..Default::default()
        };
        assert!(f.problems().is_empty());
        let r = f.to_request("x", vec!["f1".into()]);
        assert_eq!(r.version_id.as_deref(), Some("v2"));
        assert_eq!(r.input_file_ids, Some(vec!["f1".to_string()]));
        let repo = &r.input_repositories.as_ref().unwrap()[0];
        assert_eq!(
            (repo.tag.as_str(), repo.setup_script.as_deref()),
            ("main", Some("npm ci"))
        );
        let skills: Vec<_> = r.skills.unwrap().into_iter().map(|s| s.skill).collect();
        assert_eq!(skills, vec!["web", "pdf"]);
        assert_eq!(
            r.metadata.unwrap().get("ticket"),
            Some(&serde_json::Value::String("42".into()))
        );
        let o = r.overrides.unwrap();
        assert_eq!(o.model.as_deref(), Some("m"));
        assert_eq!(o.internet_access, Some(false));
        assert_eq!(o.max_runtime_seconds, Some(600));
        assert_eq!(o.runtime_region, Some(RuntimeRegion::Eu));
        let p = o.output_policy.unwrap();
        assert_eq!(p.mode, OutputPolicyMode::parse("named"));
        let files = p.files.unwrap();
        assert_eq!(files[0].description.as_deref(), Some("the report"));
        assert_eq!(files[1].name, "summary.json");
    }

    #[test]
    fn problems_are_named() {
        let f = DispatchForm {
            session_ttl_seconds: "ten".into(),
            repos: vec![RepoRow::default()],
            metadata: vec![
                ("a".into(), "1".into()),
                ("a".into(), "2".into()),
                ("".into(), "x".into()),
            ],
            output_mode: "named".into(),
            ..Default::default()
        };
        let p = f.problems().join(" | ");
        assert!(p.contains("Session TTL"));
        assert!(p.contains("repository of row 1"));
        assert!(p.contains("mount point"));
        assert!(p.contains("appears twice"));
        assert!(p.contains("needs a key"));
        assert!(p.contains("output file"));
    }

    #[test]
    fn keys_are_reused_only_for_the_same_request() {
        let a = CreateTask {
            instructions: "a".into(),
            ..Default::default()
        };
        let b = CreateTask {
            instructions: "b".into(),
            ..Default::default()
        };
        assert!(reuse_key(Some(&a), &a));
        assert!(!reuse_key(Some(&a), &b));
        assert!(!reuse_key(None, &a));
    }
}
