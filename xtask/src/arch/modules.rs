//! The module tree of one crate, built from its files (`mod x;` -> `x.rs` or `x/mod.rs`), with
//! what each module binds by `use` and defines, and every path its code names. Everything under
//! a `cfg` that is off in a non-test build (`#[cfg(test)]`, `#[cfg(all(test, ...))]`) is left
//! out: test modules and test-only imports are not part of the code's shape.

use super::Sources;
use proc_macro2::{Spacing, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use syn::visit::{self, Visit};
use syn::{Attribute, Item, ItemMod, ItemUse, UseTree, Visibility};

pub type ModId = usize;

#[derive(Debug)]
pub struct Module {
    /// The file the module's items are in (an inline `mod x { }` shares its parent's).
    pub file: String,
    pub parent: Option<ModId>,
    pub children: BTreeMap<String, ModId>,
    /// Every name a `use` binds here (`name` is `*` for a glob).
    pub bindings: Vec<Binding>,
    /// Names of the items defined here (structs, fns, consts, ...), not modules.
    pub defined: BTreeSet<String>,
}

#[derive(Debug)]
pub struct Binding {
    pub name: String,
    /// The path as written, from the binding module (`crate::a::B`, `child::C`, `super::x`).
    pub path: Vec<String>,
    /// `pub`, `pub(crate)`, `pub(super)`, ...: a re-export others can name through this module.
    pub public: bool,
}

/// A path named in code or in a `use`, where it was named.
#[derive(Debug)]
pub struct Ref {
    pub module: ModId,
    pub path: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Crate {
    pub modules: Vec<Module>,
    pub refs: Vec<Ref>,
    /// Files that could not be found or parsed: `(file, line, message)`.
    pub errors: Vec<(String, usize, String)>,
}

impl Crate {
    pub const ROOT: ModId = 0;

    /// Builds the tree from `root` (`src/lib.rs`), reading files from `sources`.
    pub fn load(sources: &Sources, root: &str) -> Crate {
        let mut b = Builder {
            sources,
            krate: Crate::default(),
            stack: Vec::new(),
            block_depth: 0,
        };
        b.krate.modules.push(Module::new(root, None));
        let dir = root.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        b.load_file(root, Crate::ROOT, dir, 0);
        b.krate
    }

    pub fn file_of(&self, m: ModId) -> &str {
        &self.modules[m].file
    }
}

impl Module {
    fn new(file: &str, parent: Option<ModId>) -> Module {
        Module {
            file: file.to_string(),
            parent,
            children: BTreeMap::new(),
            bindings: Vec::new(),
            defined: BTreeSet::new(),
        }
    }
}

/// An item's attributes.
pub fn item_attrs(i: &Item) -> &[Attribute] {
    match i {
        Item::Const(x) => &x.attrs,
        Item::Enum(x) => &x.attrs,
        Item::ExternCrate(x) => &x.attrs,
        Item::Fn(x) => &x.attrs,
        Item::ForeignMod(x) => &x.attrs,
        Item::Impl(x) => &x.attrs,
        Item::Macro(x) => &x.attrs,
        Item::Mod(x) => &x.attrs,
        Item::Static(x) => &x.attrs,
        Item::Struct(x) => &x.attrs,
        Item::Trait(x) => &x.attrs,
        Item::TraitAlias(x) => &x.attrs,
        Item::Type(x) => &x.attrs,
        Item::Union(x) => &x.attrs,
        Item::Use(x) => &x.attrs,
        _ => &[],
    }
}

/// Whether `attrs` hold a `cfg` that is surely off in a normal (non-test) build.
pub fn cfg_off(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| cfg_value(&m) == Some(false))
    })
}

/// A `cfg` predicate with `test` off and everything else unknown (`None`).
fn cfg_value(meta: &syn::Meta) -> Option<bool> {
    use syn::punctuated::Punctuated;
    match meta {
        syn::Meta::Path(p) if p.is_ident("test") => Some(false),
        syn::Meta::List(l) => {
            let args: Vec<Option<bool>> = l
                .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                .ok()?
                .iter()
                .map(cfg_value)
                .collect();
            if l.path.is_ident("not") {
                args.first().copied().flatten().map(|v| !v)
            } else if l.path.is_ident("all") {
                if args.contains(&Some(false)) {
                    Some(false)
                } else if args.iter().all(|a| *a == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            } else if l.path.is_ident("any") {
                if args.contains(&Some(true)) {
                    Some(true)
                } else if args.iter().all(|a| *a == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            } else {
                None
            }
        }
        _ => None,
    }
}

pub fn line_of(span: proc_macro2::Span) -> usize {
    span.start().line
}

struct Builder<'s> {
    sources: &'s Sources,
    krate: Crate,
    /// (module, the folder its `mod x;` files are in)
    stack: Vec<(ModId, String)>,
    /// > 0 inside a fn body or other block: items there are not the module's.
    block_depth: usize,
}

impl Builder<'_> {
    fn module(&self) -> ModId {
        self.stack.last().expect("inside a module").0
    }

    fn load_file(&mut self, file: &str, m: ModId, dir: String, line: usize) {
        let Some(text) = self.sources.get(file) else {
            let (from, _) = self.stack.last().cloned().unwrap_or_default();
            let from = self.krate.file_of(from).to_string();
            self.krate
                .errors
                .push((from, line, format!("module file {file} not found")));
            return;
        };
        match syn::parse_file(text) {
            Ok(parsed) => {
                self.stack.push((m, dir));
                let depth = std::mem::take(&mut self.block_depth);
                self.visit_file(&parsed);
                self.block_depth = depth;
                self.stack.pop();
            }
            Err(e) => {
                let line = line_of(e.span());
                self.krate
                    .errors
                    .push((file.to_string(), line, format!("cannot parse: {e}")));
            }
        }
    }

    fn add_ref(&mut self, path: Vec<String>, line: usize) {
        let module = self.module();
        self.krate.refs.push(Ref { module, path, line });
    }
}

impl<'ast> Visit<'ast> for Builder<'_> {
    fn visit_item(&mut self, i: &'ast Item) {
        if cfg_off(item_attrs(i)) {
            return;
        }
        if self.block_depth == 0 {
            let name = match i {
                Item::Const(x) => Some(&x.ident),
                Item::Enum(x) => Some(&x.ident),
                Item::Fn(x) => Some(&x.sig.ident),
                Item::Macro(x) => x.ident.as_ref(),
                Item::Static(x) => Some(&x.ident),
                Item::Struct(x) => Some(&x.ident),
                Item::Trait(x) => Some(&x.ident),
                Item::TraitAlias(x) => Some(&x.ident),
                Item::Type(x) => Some(&x.ident),
                Item::Union(x) => Some(&x.ident),
                _ => None,
            };
            if let Some(name) = name {
                let m = self.module();
                self.krate.modules[m].defined.insert(name.to_string());
            }
        }
        visit::visit_item(self, i);
    }

    fn visit_item_mod(&mut self, i: &'ast ItemMod) {
        let (parent, dir) = self.stack.last().cloned().expect("inside a module");
        let name = i.ident.to_string();
        let child_dir = format!("{dir}/{name}");
        let file = match &i.content {
            Some(_) => self.krate.file_of(parent).to_string(),
            None => {
                let flat = format!("{dir}/{name}.rs");
                if self.sources.get(&flat).is_some() {
                    flat
                } else {
                    format!("{child_dir}/mod.rs")
                }
            }
        };
        let id = self.krate.modules.len();
        self.krate.modules.push(Module::new(&file, Some(parent)));
        self.krate.modules[parent].children.insert(name, id);
        match &i.content {
            Some((_, items)) => {
                self.stack.push((id, child_dir));
                let depth = std::mem::take(&mut self.block_depth);
                for item in items {
                    self.visit_item(item);
                }
                self.block_depth = depth;
                self.stack.pop();
            }
            None => self.load_file(&file, id, child_dir, line_of(i.ident.span())),
        }
    }

    fn visit_item_use(&mut self, i: &'ast ItemUse) {
        let public = !matches!(i.vis, Visibility::Inherited) && self.block_depth == 0;
        let mut leaves = Vec::new();
        flatten_use(&i.tree, &mut Vec::new(), &mut leaves);
        let m = self.module();
        for leaf in leaves {
            self.add_ref(leaf.path.clone(), leaf.line);
            if let Some(name) = leaf.name {
                self.krate.modules[m].bindings.push(Binding {
                    name,
                    path: leaf.path,
                    public,
                });
            }
        }
    }

    fn visit_block(&mut self, i: &'ast syn::Block) {
        self.block_depth += 1;
        visit::visit_block(self, i);
        self.block_depth -= 1;
    }

    fn visit_impl_item(&mut self, i: &'ast syn::ImplItem) {
        let attrs: &[Attribute] = match i {
            syn::ImplItem::Const(x) => &x.attrs,
            syn::ImplItem::Fn(x) => &x.attrs,
            syn::ImplItem::Type(x) => &x.attrs,
            syn::ImplItem::Macro(x) => &x.attrs,
            _ => &[],
        };
        if !cfg_off(attrs) {
            visit::visit_impl_item(self, i);
        }
    }

    fn visit_trait_item(&mut self, i: &'ast syn::TraitItem) {
        let attrs: &[Attribute] = match i {
            syn::TraitItem::Const(x) => &x.attrs,
            syn::TraitItem::Fn(x) => &x.attrs,
            syn::TraitItem::Type(x) => &x.attrs,
            syn::TraitItem::Macro(x) => &x.attrs,
            _ => &[],
        };
        if !cfg_off(attrs) {
            visit::visit_trait_item(self, i);
        }
    }

    fn visit_local(&mut self, i: &'ast syn::Local) {
        if !cfg_off(&i.attrs) {
            visit::visit_local(self, i);
        }
    }

    fn visit_field(&mut self, i: &'ast syn::Field) {
        if !cfg_off(&i.attrs) {
            visit::visit_field(self, i);
        }
    }

    fn visit_variant(&mut self, i: &'ast syn::Variant) {
        if !cfg_off(&i.attrs) {
            visit::visit_variant(self, i);
        }
    }

    fn visit_arm(&mut self, i: &'ast syn::Arm) {
        if !cfg_off(&i.attrs) {
            visit::visit_arm(self, i);
        }
    }

    /// Attributes (`#[derive]`, `#[serde(...)]`, docs) are not dependencies.
    fn visit_attribute(&mut self, _: &'ast Attribute) {}

    fn visit_path(&mut self, i: &'ast syn::Path) {
        if i.leading_colon.is_none() && i.segments.len() >= 2 {
            let path = i.segments.iter().map(|s| s.ident.to_string()).collect();
            self.add_ref(path, line_of(i.segments[0].ident.span()));
        }
        visit::visit_path(self, i);
    }

    /// syn does not parse macro bodies (`view!`, `format!`): their `a::b` token runs count.
    fn visit_macro(&mut self, i: &'ast syn::Macro) {
        visit::visit_macro(self, i);
        let mut found = Vec::new();
        macro_paths(i.tokens.clone(), &mut found);
        for (path, line) in found {
            self.add_ref(path, line);
        }
    }
}

pub struct UseLeaf {
    /// What the leaf binds: the last segment, its rename, or `*`; `None` for `as _`.
    pub name: Option<String>,
    /// The full path; for a glob, the module's path; for `self` in a group, the group's prefix.
    pub path: Vec<String>,
    pub line: usize,
}

pub fn flatten_use(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseLeaf>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let (name, path) = if n.ident == "self" {
                (prefix.last().cloned(), prefix.clone())
            } else {
                let mut path = prefix.clone();
                path.push(n.ident.to_string());
                (Some(n.ident.to_string()), path)
            };
            out.push(UseLeaf {
                name,
                path,
                line: line_of(n.ident.span()),
            });
        }
        UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            let name = (r.rename != "_").then(|| r.rename.to_string());
            out.push(UseLeaf {
                name,
                path,
                line: line_of(r.ident.span()),
            });
        }
        UseTree::Glob(g) => out.push(UseLeaf {
            name: Some("*".to_string()),
            path: prefix.clone(),
            line: line_of(g.star_token.spans[0]),
        }),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, out);
            }
        }
    }
}

/// Runs of `a::b::c` (two segments or more) in a macro body, with their line; `$crate` counts
/// as `crate`.
pub fn macro_paths(tokens: TokenStream, out: &mut Vec<(Vec<String>, usize)>) {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let is_colons = |i: usize| {
        matches!((tts.get(i), tts.get(i + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
    };
    let mut i = 0;
    while i < tts.len() {
        match &tts[i] {
            TokenTree::Group(g) => {
                macro_paths(g.stream(), out);
                i += 1;
            }
            TokenTree::Ident(first) if !(i >= 2 && is_colons(i - 2)) => {
                let mut path = vec![first.to_string()];
                let mut j = i + 1;
                while is_colons(j) {
                    match tts.get(j + 2) {
                        Some(TokenTree::Ident(next)) => {
                            path.push(next.to_string());
                            j += 3;
                        }
                        _ => break,
                    }
                }
                if path.len() >= 2 {
                    out.push((path, line_of(first.span())));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
}
