//! `secrets/secrets.yaml` (laid out exactly like a file sops encrypted, with
//! fake ciphertexts) and `.sops.yaml`.

use crate::code::Code;
use crate::plan::{FleetPlan, Recipient};
use crate::rng::{base64, Rng};

const SOPS_INDENT: &str = "    ";
const LAST_MODIFIED: &str = "2026-01-06T12:00:00Z";
const SOPS_VERSION: &str = "3.9.4";

/// A YAML mapping key with either a value or nested keys.
struct SecretNode {
    key: String,
    children: Vec<SecretNode>,
}

pub(crate) fn secrets_yaml(plan: &FleetPlan) -> String {
    let mut code = Code::with_indent(SOPS_INDENT);
    let paths = plan.services.iter().flat_map(|service| {
        service
            .secret_names
            .iter()
            .map(|name| service.secret_path(name))
    });
    let tree = secret_tree(paths);
    write_nodes(&mut code, &tree, "");
    sops_metadata(&mut code, &plan.recipients);
    code.finish()
}

/// Groups `/`-separated paths into nested keys, keeping first-seen order.
fn secret_tree(paths: impl Iterator<Item = String>) -> Vec<SecretNode> {
    let mut roots = Vec::new();
    for path in paths {
        insert_path(&mut roots, &path.split('/').collect::<Vec<_>>());
    }
    roots
}

fn insert_path(nodes: &mut Vec<SecretNode>, segments: &[&str]) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let position = match nodes.iter().position(|node| node.key == *first) {
        Some(position) => position,
        None => {
            nodes.push(SecretNode {
                key: first.to_string(),
                children: Vec::new(),
            });
            nodes.len() - 1
        }
    };
    insert_path(&mut nodes[position].children, rest);
}

fn write_nodes(code: &mut Code, nodes: &[SecretNode], parent_path: &str) {
    for node in nodes {
        let path = format!("{parent_path}/{}", node.key);
        if node.children.is_empty() {
            code.line(&format!("{}: {}", node.key, fake_ciphertext(&path)));
        } else {
            code.open(&format!("{}:", node.key));
            write_nodes(code, &node.children, &path);
            code.dedent();
        }
    }
}

/// `ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]` with deterministic bytes.
fn fake_ciphertext(label: &str) -> String {
    let mut rng = Rng::for_label(label);
    let data_length = rng.between(12, 64);
    let (data, iv, tag) = (rng.base64(data_length), rng.base64(32), rng.base64(16));
    format!("ENC[AES256_GCM,data:{data},iv:{iv},tag:{tag},type:str]")
}

fn sops_metadata(code: &mut Code, recipients: &[Recipient]) {
    code.open("sops:");
    for empty in ["kms", "gcp_kms", "azure_kv", "hc_vault"] {
        code.line(&format!("{empty}: []"));
    }
    code.open("age:");
    for recipient in recipients {
        age_stanza(code, recipient);
    }
    code.dedent();
    code.line(&format!("lastmodified: \"{LAST_MODIFIED}\""));
    code.line(&format!("mac: {}", fake_ciphertext("sops-mac")));
    code.line("pgp: []");
    code.line("unencrypted_suffix: _unencrypted");
    code.line(&format!("version: {SOPS_VERSION}"));
    code.dedent();
}

/// One `- recipient: ... enc: |` entry with an ASCII-armored fake age file.
fn age_stanza(code: &mut Code, recipient: &Recipient) {
    code.line(&format!("- recipient: {}", recipient.public_key));
    code.open("  enc: |");
    code.line("-----BEGIN AGE ENCRYPTED FILE-----");
    for armored_line in armored_body(&recipient.alias).as_bytes().chunks(64) {
        code.line(std::str::from_utf8(armored_line).expect("base64 is ASCII"));
    }
    code.line("-----END AGE ENCRYPTED FILE-----");
    code.dedent();
}

fn armored_body(label: &str) -> String {
    let mut rng = Rng::for_label(&format!("age-file:{label}"));
    let mut bytes = b"age-encryption.org/v1\n-> X25519 ".to_vec();
    bytes.extend(rng.bytes(208));
    base64(&bytes)
}

pub(crate) fn sops_config_yaml(plan: &FleetPlan) -> String {
    let mut code = Code::with_indent("  ");
    code.open("keys:");
    for recipient in &plan.recipients {
        code.line(&format!("- &{} {}", recipient.alias, recipient.public_key));
    }
    code.dedent();
    code.open("creation_rules:");
    code.open("- path_regex: secrets/[^/]+\\.(yaml|json|env|ini)$");
    code.open("key_groups:");
    code.open("- age:");
    for recipient in &plan.recipients {
        code.line(&format!("  - *{}", recipient.alias));
    }
    code.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_share_their_parents() {
        let tree = secret_tree(
            ["svc/env", "svc/db/password", "svc/db/user", "other/env"]
                .into_iter()
                .map(String::from),
        );
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[0].children[1].children.len(), 2);
    }
}
