//! The small static site every demo runner works on, the change sets simulated agents apply to
//! it, and git-style unified diffs between two versions of it (edits, new files, deletions,
//! renames, a binary file).

use std::collections::BTreeMap;

pub type Files = BTreeMap<String, Vec<u8>>;

/// A 1x1 PNG (the "logo"), and a different one for the logo change.
const LOGO_V1: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x60, 0xf8, 0xcf,
    0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x7b, 0x2b, 0x4f, 0x9a, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
const LOGO_V2: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x28, 0x4d, 0xf8, 0x0f,
    0x00, 0x03, 0x6e, 0x01, 0xc8, 0x00, 0x3c, 0x1d, 0x8e, 0x56, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

const INDEX: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Juniper Coffee Roasters</title>
  <link rel="stylesheet" href="/css/style.css">
</head>
<body>
  <header>
    <img src="/images/logo.png" alt="Juniper" width="48" height="48">
    <nav>
      <a href="/">Home</a>
      <a href="/about.html">About</a>
      <a href="/pages/old-pricing.html">Pricing</a>
    </nav>
  </header>
  <main>
    <h1>Small-batch coffee, roasted every Tuesday</h1>
    <p>We source beans from three farms we know by name.</p>
    <ul id="products"></ul>
  </main>
  <footer>
    <p>&copy; 2026 Juniper Coffee Roasters</p>
  </footer>
  <script src="/js/main.js"></script>
</body>
</html>
"#;

const ABOUT: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>About - Juniper Coffee Roasters</title>
  <link rel="stylesheet" href="/css/style.css">
</head>
<body>
  <main>
    <h1>About us</h1>
    <p>Juniper started in a garage in 2019 with a 1 kg roaster.</p>
    <p>Today we roast for forty cafes and a few thousand people at home.</p>
    <p>Every bag carries the name of the farm and the roast date.</p>
  </main>
</body>
</html>
"#;

const STYLE: &str = r#":root {
  --bg: #fffaf3;
  --fg: #2b2118;
  --accent: #8a5a2b;
}

body {
  margin: 0;
  font-family: system-ui, sans-serif;
  background: var(--bg);
  color: var(--fg);
}

header {
  display: flex;
  align-items: center;
  gap: 1rem;
  padding: 1rem 2rem;
}

nav a {
  color: var(--accent);
  margin-right: 1rem;
}

main {
  max-width: 48rem;
  margin: 0 auto;
  padding: 2rem;
}
"#;

const MAIN_JS: &str = r#"async function loadProducts() {
  const res = await fetch('/data/products.json');
  const products = await res.json();
  const list = document.getElementById('products');
  for (const p of products) {
    const li = document.createElement('li');
    li.textContent = `${p.name} - ${p.price}`;
    list.appendChild(li);
  }
}

loadProducts();
"#;

const PRODUCTS: &str = r#"[
  { "name": "Ethiopia Guji", "price": "$18" },
  { "name": "Colombia Huila", "price": "$16" },
  { "name": "House Espresso", "price": "$15" }
]
"#;

const README: &str = r#"# Juniper Coffee Roasters

The website of Juniper Coffe Roasters, a plain static site.

## Develop

Open `index.html` in a browser, or run `netlify dev`.

## Deploy

Every push to `main` deploys to production.
"#;

const NETLIFY_TOML: &str = r#"[build]
  publish = "."

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"
"#;

const OLD_PRICING: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Pricing (2023)</title></head>
<body>
  <h1>Pricing</h1>
  <p>These prices are from 2023 and no longer valid.</p>
</body>
</html>
"#;

/// The site before any agent touched it.
pub fn base() -> Files {
    let mut f = Files::new();
    let mut put = |p: &str, c: &[u8]| {
        f.insert(p.to_string(), c.to_vec());
    };
    put("index.html", INDEX.as_bytes());
    put("about.html", ABOUT.as_bytes());
    put("css/style.css", STYLE.as_bytes());
    put("js/main.js", MAIN_JS.as_bytes());
    put("data/products.json", PRODUCTS.as_bytes());
    put("README.md", README.as_bytes());
    put("netlify.toml", NETLIFY_TOML.as_bytes());
    put("pages/old-pricing.html", OLD_PRICING.as_bytes());
    put("images/logo.png", LOGO_V1);
    f
}

/// A unit of work a simulated agent does: its prompt, steps, result, and edits to the site.
pub struct ChangeSet {
    pub id: &'static str,
    pub title: &'static str,
    pub prompt: &'static str,
    /// (title, markdown message) of each step.
    pub steps: &'static [(&'static str, &'static str)],
    pub result: &'static str,
    pub apply: fn(&mut Files),
}

fn edit(f: &mut Files, path: &str, from: &str, to: &str) {
    if let Some(c) = f.get_mut(path) {
        let s = String::from_utf8_lossy(c).replacen(from, to, 1);
        *c = s.into_bytes();
    }
}

fn append(f: &mut Files, path: &str, text: &str) {
    f.entry(path.to_string())
        .or_default()
        .extend_from_slice(text.as_bytes());
}

pub const CHANGESETS: &[ChangeSet] = &[
    ChangeSet {
        id: "dark-mode",
        title: "Add a dark mode toggle to the header",
        prompt: "Add a dark mode toggle in the header. Remember the choice in localStorage and respect prefers-color-scheme by default.",
        steps: &[
            ("Reading the site structure", "Found `index.html`, `css/style.css` and `js/main.js`. Colours are already CSS variables, which makes this easy."),
            ("Adding dark palette", "Added a `[data-theme=\"dark\"]` block:\n\n```css\n[data-theme=\"dark\"] {\n  --bg: #1d1712;\n  --fg: #f3e9dc;\n}\n```"),
            ("Writing the toggle", "Created `js/theme.js` which reads `localStorage.theme` and falls back to `prefers-color-scheme`."),
            ("Checking the preview", "Toggled both themes in the deploy preview; contrast ratio of body text is 12.6:1 in dark mode."),
        ],
        result: "## Dark mode\n\nAdded a toggle button in the header.\n\n- New `js/theme.js` remembers the choice in `localStorage`\n- Dark palette in `css/style.css` via CSS variables\n- Defaults to the system preference\n\n```js\ndocument.documentElement.dataset.theme = saved ?? (prefersDark ? 'dark' : 'light');\n```",
        apply: |f| {
            append(f, "css/style.css", "\n[data-theme=\"dark\"] {\n  --bg: #1d1712;\n  --fg: #f3e9dc;\n  --accent: #e0a96d;\n}\n\n.theme-toggle {\n  margin-left: auto;\n  background: none;\n  border: 1px solid var(--accent);\n  color: var(--fg);\n  border-radius: 4px;\n}\n");
            f.insert("js/theme.js".into(), b"const root = document.documentElement;\nconst saved = localStorage.getItem('theme');\nconst prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;\nroot.dataset.theme = saved ?? (prefersDark ? 'dark' : 'light');\n\ndocument.querySelector('.theme-toggle')?.addEventListener('click', () => {\n  root.dataset.theme = root.dataset.theme === 'dark' ? 'light' : 'dark';\n  localStorage.setItem('theme', root.dataset.theme);\n});\n".to_vec());
            edit(f, "index.html", "    </nav>\n", "    </nav>\n    <button class=\"theme-toggle\" type=\"button\">Toggle theme</button>\n");
            edit(f, "index.html", "  <script src=\"/js/main.js\"></script>\n", "  <script src=\"/js/main.js\"></script>\n  <script src=\"/js/theme.js\"></script>\n");
        },
    },
    ChangeSet {
        id: "rename-about",
        title: "Rename the about page to about-us and update links",
        prompt: "Our marketing team wants the about page at /about-us.html. Rename it, fix every link, and add a redirect from the old URL.",
        steps: &[
            ("Finding links to about.html", "`grep -rn about.html` found one link in `index.html`."),
            ("Renaming the page", "Ran `git mv about.html about-us.html` and updated the title."),
            ("Adding a redirect", "Added to `netlify.toml`:\n\n```toml\n[[redirects]]\n  from = \"/about.html\"\n  to = \"/about-us.html\"\n  status = 301\n```"),
        ],
        result: "Renamed `about.html` to `about-us.html`, updated the navigation link and added a **301** redirect from the old URL in `netlify.toml`.",
        apply: |f| {
            if let Some(c) = f.remove("about.html") {
                let s = String::from_utf8_lossy(&c).replace("<title>About - Juniper", "<title>About us - Juniper");
                f.insert("about-us.html".into(), s.into_bytes());
            }
            edit(f, "index.html", "href=\"/about.html\"", "href=\"/about-us.html\"");
            append(f, "netlify.toml", "\n[[redirects]]\n  from = \"/about.html\"\n  to = \"/about-us.html\"\n  status = 301\n");
        },
    },
    ChangeSet {
        id: "remove-old-pricing",
        title: "Remove the outdated 2023 pricing page",
        prompt: "Delete the old pricing page, it has prices from 2023. Point the nav link to the products list instead.",
        steps: &[
            ("Checking references", "Only `index.html` links to `pages/old-pricing.html`."),
            ("Deleting the page", "Removed `pages/old-pricing.html` and replaced the nav link with `#products`."),
        ],
        result: "Deleted `pages/old-pricing.html` and changed the **Pricing** link to jump to the product list on the home page.",
        apply: |f| {
            f.remove("pages/old-pricing.html");
            edit(f, "index.html", "<a href=\"/pages/old-pricing.html\">Pricing</a>", "<a href=\"#products\">Pricing</a>");
        },
    },
    ChangeSet {
        id: "new-logo",
        title: "Replace the logo with the new brand mark",
        prompt: "Swap images/logo.png for the new brand mark (attached) and update its alt text.",
        steps: &[
            ("Inspecting the attachment", "The new logo is a 1x1 PNG placeholder in this demo; real logos would be optimised with `oxipng`."),
            ("Replacing the image", "Overwrote `images/logo.png` and changed the `alt` text to describe the mark."),
        ],
        result: "Replaced `images/logo.png` (binary) and improved its alt text to *Juniper Coffee Roasters logo: a juniper sprig*.",
        apply: |f| {
            f.insert("images/logo.png".into(), LOGO_V2.to_vec());
            edit(f, "index.html", "alt=\"Juniper\"", "alt=\"Juniper Coffee Roasters logo: a juniper sprig\"");
        },
    },
    ChangeSet {
        id: "contact-form",
        title: "Add a contact page with a Netlify form",
        prompt: "Add a contact page with a form (name, email, message) handled by Netlify Forms, linked from the nav.",
        steps: &[
            ("Creating contact.html", "Added a form with `data-netlify=\"true\"` and a honeypot field:\n\n```html\n<form name=\"contact\" method=\"POST\" data-netlify=\"true\" netlify-honeypot=\"bot-field\">\n```"),
            ("Linking it", "Added **Contact** to the navigation in `index.html`."),
            ("Styling", "Form fields reuse the accent colour; labels are associated with inputs for accessibility."),
        ],
        result: "New `contact.html` with a Netlify form (`name`, `email`, `message`, honeypot). Submissions appear under **Forms** in the Netlify UI once deployed.",
        apply: |f| {
            f.insert("contact.html".into(), b"<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Contact - Juniper Coffee Roasters</title>\n  <link rel=\"stylesheet\" href=\"/css/style.css\">\n</head>\n<body>\n  <main>\n    <h1>Contact us</h1>\n    <form name=\"contact\" method=\"POST\" data-netlify=\"true\" netlify-honeypot=\"bot-field\">\n      <p hidden><label>Skip this <input name=\"bot-field\"></label></p>\n      <p><label for=\"name\">Name</label> <input id=\"name\" name=\"name\" required></p>\n      <p><label for=\"email\">Email</label> <input id=\"email\" name=\"email\" type=\"email\" required></p>\n      <p><label for=\"message\">Message</label> <textarea id=\"message\" name=\"message\" rows=\"5\"></textarea></p>\n      <p><button type=\"submit\">Send</button></p>\n    </form>\n  </main>\n</body>\n</html>\n".to_vec());
            edit(f, "index.html", "    </nav>\n", "      <a href=\"/contact.html\">Contact</a>\n    </nav>\n");
        },
    },
    ChangeSet {
        id: "fix-readme",
        title: "Fix typo in README and document local development",
        prompt: "Fix the typo in the README and explain how to run the site locally with the Netlify CLI.",
        steps: &[("Proofreading", "Fixed *Coffe* -> *Coffee*."), ("Documenting", "Added a `netlify dev` section with the port it serves on.")],
        result: "Fixed a typo and expanded the **Develop** section of `README.md`.",
        apply: |f| {
            edit(f, "README.md", "Juniper Coffe Roasters", "Juniper Coffee Roasters");
            edit(f, "README.md", "Open `index.html` in a browser, or run `netlify dev`.\n", "Run `netlify dev` and open http://localhost:8888.\nNo build step is needed: the site is plain HTML, CSS and JavaScript.\n");
        },
    },
    ChangeSet {
        id: "products",
        title: "Add the new Kenya AA single origin to the shop",
        prompt: "Add Kenya AA ($19) to the product list and show prices with two decimals.",
        steps: &[
            ("Updating the data", "Added Kenya AA to `data/products.json`."),
            ("Formatting prices", "Prices now use `Intl.NumberFormat`:\n\n```js\nconst fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });\n```"),
        ],
        result: "Kenya AA is listed, and prices render as `$19.00` using `Intl.NumberFormat`.",
        apply: |f| {
            edit(f, "data/products.json", "  { \"name\": \"House Espresso\", \"price\": \"$15\" }\n", "  { \"name\": \"House Espresso\", \"price\": \"$15\" },\n  { \"name\": \"Kenya AA\", \"price\": \"$19\" }\n");
            edit(f, "js/main.js", "async function loadProducts() {\n", "const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });\n\nasync function loadProducts() {\n");
            edit(f, "js/main.js", "`${p.name} - ${p.price}`", "`${p.name} - ${fmt.format(Number(p.price.slice(1)))}`");
        },
    },
    ChangeSet {
        id: "a11y",
        title: "Improve keyboard focus styles and landmarks",
        prompt: "Run an accessibility pass: visible focus styles, a skip link, and proper landmarks.",
        steps: &[
            ("Auditing", "No visible focus ring on nav links; no skip link."),
            ("Fixing focus", "Added `:focus-visible` outline using the accent colour."),
            ("Adding a skip link", "Added `<a class=\"skip\" href=\"#main\">Skip to content</a>`."),
        ],
        result: "Added a skip link, `id=\"main\"` on the main landmark, and `:focus-visible` outlines. Lighthouse accessibility score went from 86 to 100.",
        apply: |f| {
            append(f, "css/style.css", "\na:focus-visible,\nbutton:focus-visible {\n  outline: 3px solid var(--accent);\n  outline-offset: 2px;\n}\n\n.skip {\n  position: absolute;\n  left: -999px;\n}\n\n.skip:focus {\n  left: 1rem;\n}\n");
            edit(f, "index.html", "<body>\n", "<body>\n  <a class=\"skip\" href=\"#main\">Skip to content</a>\n");
            edit(f, "index.html", "  <main>\n", "  <main id=\"main\">\n");
        },
    },
];

pub fn changeset(id: &str) -> Option<&'static ChangeSet> {
    CHANGESETS.iter().find(|c| c.id == id)
}

/// Applies change sets in order to the base site.
pub fn build(ids: &[&str]) -> Files {
    let mut f = base();
    for id in ids {
        if let Some(c) = changeset(id) {
            (c.apply)(&mut f);
        }
    }
    f
}

fn is_binary(b: &[u8]) -> bool {
    b.contains(&0) || std::str::from_utf8(b).is_err()
}

fn blob_id(b: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(format!("blob {}\0", b.len()).as_bytes());
    h.update(b);
    crate::ids::hex(&h.finalize())[..7].to_string()
}

fn hunks(old: &[u8], new: &[u8]) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
    let mut out = String::new();
    for h in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&h.to_string());
    }
    out
}

fn similarity(a: &[u8], b: &[u8]) -> f32 {
    if is_binary(a) || is_binary(b) {
        return if a == b { 1.0 } else { 0.0 };
    }
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    similar::TextDiff::from_lines(a.as_ref(), b.as_ref()).ratio()
}

/// A git-style unified diff from `old` to `new`, with renames detected (similarity >= 50%).
pub fn diff(old: &Files, new: &Files) -> String {
    let deleted: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    let mut renames: Vec<(String, String, f32)> = Vec::new();
    for d in &deleted {
        let best = added
            .iter()
            .filter(|a| !renames.iter().any(|(_, t, _)| t == **a))
            .map(|a| (a, similarity(&old[*d], &new[*a])))
            .filter(|(_, s)| *s >= 0.5)
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((a, s)) = best {
            renames.push(((*d).clone(), (*a).clone(), s));
        }
    }
    // Sections ordered by the path they end up at (git orders by path too).
    let mut sections: BTreeMap<String, String> = BTreeMap::new();
    for (from, to, sim) in &renames {
        let (a, b) = (&old[from], &new[to]);
        let mut s = format!(
            "diff --git a/{from} b/{to}\nsimilarity index {}%\nrename from {from}\nrename to {to}\n",
            (sim * 100.0).floor() as u32
        );
        if a != b {
            s.push_str(&format!(
                "index {}..{} 100644\n--- a/{from}\n+++ b/{to}\n",
                blob_id(a),
                blob_id(b)
            ));
            s.push_str(&hunks(a, b));
        }
        sections.insert(to.clone(), s);
    }
    let renamed_from = |p: &String| renames.iter().any(|(f, _, _)| f == p);
    let renamed_to = |p: &String| renames.iter().any(|(_, t, _)| t == p);
    for p in old
        .keys()
        .chain(new.keys().filter(|k| !old.contains_key(*k)))
    {
        let (a, b) = (old.get(p), new.get(p));
        let s = match (a, b) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => {
                let mut s = format!(
                    "diff --git a/{p} b/{p}\nindex {}..{} 100644\n",
                    blob_id(a),
                    blob_id(b)
                );
                if is_binary(a) || is_binary(b) {
                    s.push_str(&format!("Binary files a/{p} and b/{p} differ\n"));
                } else {
                    s.push_str(&format!("--- a/{p}\n+++ b/{p}\n{}", hunks(a, b)));
                }
                s
            }
            (None, Some(b)) if !renamed_to(p) => {
                let mut s = format!(
                    "diff --git a/{p} b/{p}\nnew file mode 100644\nindex 0000000..{}\n",
                    blob_id(b)
                );
                if is_binary(b) {
                    s.push_str(&format!("Binary files /dev/null and b/{p} differ\n"));
                } else {
                    s.push_str(&format!("--- /dev/null\n+++ b/{p}\n{}", hunks(b"", b)));
                }
                s
            }
            (Some(a), None) if !renamed_from(p) => {
                let mut s = format!(
                    "diff --git a/{p} b/{p}\ndeleted file mode 100644\nindex {}..0000000\n",
                    blob_id(a)
                );
                if is_binary(a) {
                    s.push_str(&format!("Binary files a/{p} and /dev/null differ\n"));
                } else {
                    s.push_str(&format!("--- a/{p}\n+++ /dev/null\n{}", hunks(a, b"")));
                }
                s
            }
            _ => continue,
        };
        sections.insert(p.clone(), s);
    }
    sections.into_values().collect()
}

/// Splits a multi-file diff into per-file sections (each starting with `diff --git`).
pub fn split_files(diff: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = diff
        .match_indices("diff --git ")
        .map(|(i, _)| i)
        .filter(|i| *i == 0 || diff.as_bytes()[i - 1] == b'\n')
        .collect();
    if starts.is_empty() {
        return if diff.is_empty() { vec![] } else { vec![diff] };
    }
    if starts[0] != 0 {
        starts.insert(0, 0);
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, s)| &diff[*s..starts.get(n + 1).copied().unwrap_or(diff.len())])
        .collect()
}

pub fn is_binary_section(section: &str) -> bool {
    section
        .lines()
        .any(|l| l.starts_with("Binary files ") || l == "GIT binary patch")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_cover_edits_new_files_deletions_renames_and_binaries() {
        let all: Vec<&str> = CHANGESETS.iter().map(|c| c.id).collect();
        let d = diff(&base(), &build(&all));
        assert!(
            d.contains("diff --git a/index.html b/index.html\nindex "),
            "{d}"
        );
        assert!(d.contains("new file mode 100644\nindex 0000000.."));
        assert!(d.contains("+++ b/js/theme.js\n@@ -0,0 +1,"));
        assert!(d.contains("deleted file mode 100644"));
        assert!(d.contains("rename from about.html\nrename to about-us.html"));
        assert!(d.contains("Binary files a/images/logo.png and b/images/logo.png differ"));
        let files = split_files(&d);
        assert!(files.len() >= 9, "{}", files.len());
        assert!(files.iter().all(|f| f.starts_with("diff --git ")));
        assert_eq!(files.concat(), d);
        assert_eq!(files.iter().filter(|f| is_binary_section(f)).count(), 1);
    }

    #[test]
    fn every_changeset_changes_something() {
        for c in CHANGESETS {
            assert_ne!(build(&[c.id]), base(), "{}", c.id);
        }
    }

    /// `git apply` accepts the text part of the diff and produces exactly the changed site.
    #[test]
    fn git_applies_the_generated_diff() {
        let dir = std::env::temp_dir().join(format!("local-api-git-{}", crate::ids::random_hex(6)));
        let write = |files: &Files| {
            for (p, c) in files {
                let path = dir.join(p);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, c).unwrap();
            }
        };
        write(&base());
        let all: Vec<&str> = CHANGESETS.iter().map(|c| c.id).collect();
        let target = build(&all);
        let text: String = split_files(&diff(&base(), &target))
            .into_iter()
            .filter(|f| !is_binary_section(f))
            .collect();
        std::fs::write(dir.join("change.diff"), &text).unwrap();
        let status = std::process::Command::new("git")
            .args(["apply", "--whitespace=nowarn", "change.diff"])
            .current_dir(&dir)
            .output();
        let Ok(out) = status else {
            let _ = std::fs::remove_dir_all(&dir);
            return;
        };
        assert!(
            out.status.success(),
            "git apply: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (p, c) in &target {
            if p.ends_with(".png") {
                continue;
            }
            assert_eq!(&std::fs::read(dir.join(p)).unwrap(), c, "{p}");
        }
        for p in base().keys().filter(|p| !target.contains_key(*p)) {
            assert!(!dir.join(p).exists(), "{p} should be deleted");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
