//! An agent version's settings as labelled text ([`version_fields`]: the Settings tab reads
//! them) and what changed between two versions, field by field ([`diff_versions`]: the Versions
//! tab). Unknown enum values are shown as sent.

use crate::time_fmt::duration;
use agentdeck_wire::agentcontainer::{AgentVersion, OutputPolicy, OutputPolicyMode};

/// One setting: its label and its value in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    /// Long free text (prompts): shown as a block, keeping line breaks.
    pub long: bool,
}

/// One setting that differs between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub label: &'static str,
    pub before: String,
    pub after: String,
    pub long: bool,
}

fn seconds(s: Option<u64>, none: &str) -> String {
    match s {
        None => none.to_string(),
        Some(s) if s >= 60 => format!("{s} s ({})", duration(s as f64 * 1000.0)),
        Some(s) => format!("{s} s"),
    }
}

fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}

/// The output policy in words ("Named files: report.md (the report)").
pub fn output_policy_text(p: &OutputPolicy) -> String {
    match &p.mode {
        OutputPolicyMode::Any => "Any files (or none)".into(),
        OutputPolicyMode::None => "No output files".into(),
        OutputPolicyMode::AtLeastOne => "At least one output file".into(),
        OutputPolicyMode::Named => {
            let files: Vec<String> = p
                .files
                .iter()
                .flatten()
                .map(
                    |f| match f.description.as_deref().filter(|d| !d.is_empty()) {
                        Some(d) => format!("{} ({d})", f.name),
                        None => f.name.clone(),
                    },
                )
                .collect();
            format!("Named files: {}", files.join(", "))
        }
        OutputPolicyMode::Unknown(other) => other.clone(),
    }
}

/// Every setting of a version, in the order the form asks for them.
pub fn version_fields(v: &AgentVersion) -> Vec<Field> {
    let d = &v.defaults;
    let short = |label, value: String| Field {
        label,
        value,
        long: false,
    };
    let long = |label, value: String| Field {
        label,
        value,
        long: true,
    };
    let skills = if v.skills.is_empty() {
        "None".to_string()
    } else {
        v.skills
            .iter()
            .map(|s| match &s.ssh_key_id {
                Some(k) => format!("{} (SSH key {k})", s.skill),
                None => s.skill.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    vec![
        short("Container image", v.runtime.container_image.clone()),
        short("Agent runtime", v.runtime.agent_runtime.as_str().into()),
        long("Base prompt", v.base_prompt.clone()),
        long(
            "Title instructions",
            v.task_title_instructions
                .clone()
                .unwrap_or_else(|| "Default".into()),
        ),
        short(
            "Provider",
            d.provider
                .as_ref()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "Account default".into()),
        ),
        short(
            "Provider API key",
            if d.has_provider_api_key {
                "A key is set"
            } else {
                "No key"
            }
            .into(),
        ),
        short("Model", d.model.clone()),
        short(
            "Weak model",
            d.weak_model.clone().unwrap_or_else(|| "None".into()),
        ),
        short("Internet access", yes_no(d.internet_access)),
        short("Max runtime", seconds(Some(d.max_runtime_seconds), "")),
        short(
            "Max runtime per turn",
            seconds(d.max_runtime_per_turn_seconds, "No limit"),
        ),
        short("Session TTL", seconds(d.session_ttl_seconds, "Default")),
        short(
            "Soft finish after",
            seconds(d.soft_finish_after_seconds, "Off"),
        ),
        short("Hibernation", yes_no(d.hibernation_enabled)),
        short(
            "Max time per hibernation",
            seconds(d.max_time_per_hibernation_cycle, "Default"),
        ),
        short(
            "Max total hibernation",
            seconds(d.max_accumulated_time, "Default"),
        ),
        short("Output policy", output_policy_text(&d.output_policy)),
        short("Region", d.runtime_region.as_str().into()),
        long("Skills", skills),
    ]
}

/// The settings that differ from version `a` to version `b`, in form order.
pub fn diff_versions(a: &AgentVersion, b: &AgentVersion) -> Vec<FieldChange> {
    version_fields(a)
        .into_iter()
        .zip(version_fields(b))
        .filter(|(x, y)| x.value != y.value)
        .map(|(x, y)| FieldChange {
            label: x.label,
            before: x.value,
            after: y.value,
            long: x.long,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::agentcontainer::*;
    use agentdeck_wire::Timestamp;

    pub fn version(number: u32) -> AgentVersion {
        AgentVersion {
            id: format!("ver_{number}"),
            number,
            runtime: AgentRuntime {
                container_image: "img:1".into(),
                agent_runtime: AgentRuntimeKind::Pi,
            },
            base_prompt: "Line one\nLine two".into(),
            task_title_instructions: None,
            skills: vec![],
            defaults: AgentVersionDefaults {
                provider: None,
                has_provider_api_key: false,
                model: "claude-sonnet-4-5".into(),
                weak_model: None,
                internet_access: true,
                max_runtime_seconds: 3600,
                max_runtime_per_turn_seconds: None,
                session_ttl_seconds: Some(45),
                soft_finish_after_seconds: None,
                hibernation_enabled: true,
                max_time_per_hibernation_cycle: None,
                max_accumulated_time: None,
                output_policy: OutputPolicy::default(),
                runtime_region: RuntimeRegion::Any,
            },
            created_at: Timestamp::new("2026-01-01T00:00:00Z"),
        }
    }

    fn value(v: &AgentVersion, label: &str) -> String {
        version_fields(v)
            .into_iter()
            .find(|f| f.label == label)
            .unwrap()
            .value
    }

    #[test]
    fn settings_read_in_words() {
        let v = version(1);
        assert_eq!(value(&v, "Provider"), "Account default");
        assert_eq!(value(&v, "Provider API key"), "No key");
        assert_eq!(value(&v, "Max runtime"), "3600 s (1 h)");
        assert_eq!(value(&v, "Session TTL"), "45 s");
        assert_eq!(value(&v, "Max runtime per turn"), "No limit");
        assert_eq!(value(&v, "Title instructions"), "Default");
        assert_eq!(value(&v, "Output policy"), "Any files (or none)");
        assert!(
            version_fields(&v)
                .iter()
                .find(|f| f.label == "Base prompt")
                .unwrap()
                .long
        );
    }

    #[test]
    fn unknown_values_show_as_sent() {
        let mut v = version(1);
        v.runtime.agent_runtime = AgentRuntimeKind::parse("claude-code");
        v.defaults.runtime_region = RuntimeRegion::parse("us");
        v.defaults.output_policy.mode = OutputPolicyMode::parse("some_new_mode");
        assert_eq!(value(&v, "Agent runtime"), "claude-code");
        assert_eq!(value(&v, "Region"), "us");
        assert_eq!(value(&v, "Output policy"), "some_new_mode");
    }

    #[test]
    fn the_diff_lists_each_changed_setting_once() {
        let a = version(1);
        assert!(diff_versions(&a, &a).is_empty());
        let mut b = version(2);
        b.defaults.model = "gpt-5".into();
        b.defaults.has_provider_api_key = true;
        b.defaults.output_policy = OutputPolicy {
            mode: OutputPolicyMode::Named,
            files: Some(vec![OutputDescriptor {
                name: "report.md".into(),
                description: Some("the report".into()),
            }]),
        };
        b.skills = vec![Skill {
            skill: "a/b".into(),
            ssh_key_id: Some("key_1".into()),
        }];
        let changes = diff_versions(&a, &b);
        let labels: Vec<&str> = changes.iter().map(|c| c.label).collect();
        assert_eq!(
            labels,
            ["Provider API key", "Model", "Output policy", "Skills"]
        );
        assert_eq!(changes[1].before, "claude-sonnet-4-5");
        assert_eq!(changes[1].after, "gpt-5");
        assert_eq!(changes[2].after, "Named files: report.md (the report)");
        assert_eq!(changes[3].after, "a/b (SSH key key_1)");
        // Swapped, the diff runs the other way.
        assert_eq!(diff_versions(&b, &a)[1].after, "claude-sonnet-4-5");
    }
}
