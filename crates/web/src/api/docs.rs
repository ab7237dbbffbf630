//! The OpenAPI document and a server-rendered reading of it (no JavaScript, no CDN).

use crate::AppState;
use crate::pages::{Layout, render};
use crate::policy::Access::Open;
use crate::routes::Routes;
use askama::Template;
use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;
use utoipa::openapi::OpenApi;

pub struct DocParam {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: String,
    pub kind: String,
}

pub struct DocResponse {
    pub status: String,
    pub description: String,
    pub schema: String,
}

pub struct DocOperation {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub params: Vec<DocParam>,
    pub body: String,
    pub responses: Vec<DocResponse>,
}

pub struct DocTag {
    pub name: String,
    pub description: String,
    pub operations: Vec<DocOperation>,
}

pub struct DocSchema {
    pub name: String,
    pub json: String,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
pub struct ApiDocsPage {
    pub layout: Layout,
    pub title: String,
    pub version: String,
    pub description: String,
    pub tags: Vec<DocTag>,
    pub schemas: Vec<DocSchema>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_owned()
}

/// A short description of a schema: `Region`, `array of Agreement`, `string`.
fn schema_name(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(items) = s.get("items") {
        return format!("array of {}", schema_name(items));
    }
    if let Some(variants) = s.get("oneOf").and_then(Value::as_array) {
        let names: Vec<String> = variants.iter().map(schema_name).filter(|n| n != "null").collect();
        return names.join(" | ");
    }
    match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "object".to_owned(),
    }
}

fn content_schema(v: &Value) -> String {
    v.get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.values().next())
        .and_then(|m| m.get("schema"))
        .map(schema_name)
        .unwrap_or_default()
}

pub fn docs_page(openapi: &OpenApi, layout: Layout) -> ApiDocsPage {
    let doc = serde_json::to_value(openapi).unwrap_or(Value::Null);
    let mut tags: Vec<DocTag> = doc
        .get("tags")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .map(|t| DocTag {
                    name: text(t, "name"),
                    description: text(t, "description"),
                    operations: Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                let Some(op) = item.get(method) else { continue };
                let params = op
                    .get("parameters")
                    .and_then(Value::as_array)
                    .map(|ps| {
                        ps.iter()
                            .map(|p| DocParam {
                                name: text(p, "name"),
                                location: text(p, "in"),
                                required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                                description: text(p, "description"),
                                kind: p.get("schema").map(schema_name).unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let responses = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|rs| {
                        rs.iter()
                            .map(|(status, r)| DocResponse {
                                status: status.clone(),
                                description: text(r, "description"),
                                schema: content_schema(r),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let operation = DocOperation {
                    anchor: format!("{method}-{}", path.replace(['/', '{', '}'], "-")),
                    method: method.to_uppercase(),
                    path: path.clone(),
                    summary: text(op, "summary"),
                    description: text(op, "description"),
                    params,
                    body: op.get("requestBody").map(content_schema).unwrap_or_default(),
                    responses,
                };
                let tag = op
                    .get("tags")
                    .and_then(Value::as_array)
                    .and_then(|t| t.first())
                    .and_then(Value::as_str)
                    .unwrap_or("other")
                    .to_owned();
                match tags.iter_mut().find(|t| t.name == tag) {
                    Some(t) => t.operations.push(operation),
                    None => tags.push(DocTag {
                        name: tag,
                        description: String::new(),
                        operations: vec![operation],
                    }),
                }
            }
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| {
            s.iter()
                .map(|(name, schema)| DocSchema {
                    name: name.clone(),
                    json: serde_json::to_string_pretty(schema).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    ApiDocsPage {
        layout,
        title: doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("API")
            .to_owned(),
        version: doc
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        description: doc
            .pointer("/info/description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        tags,
        schemas,
    }
}

/// `/api/openapi.json` and `/api/docs`, open to anyone.
pub fn routes(openapi: Arc<OpenApi>) -> Routes {
    let json = Arc::new(serde_json::to_string_pretty(&*openapi).unwrap_or_else(|_| "{}".to_owned()));
    let for_page = openapi.clone();
    Routes::new()
        .get(
            "/api/openapi.json",
            move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], (*json).clone()).into_response() }
            },
            Open,
        )
        .get(
            "/api/docs",
            move |axum::extract::State(state): axum::extract::State<AppState>| {
                let openapi = for_page.clone();
                async move {
                    let page = docs_page(&openapi, Layout::new(&state, crate::i18n::Lang::default(), "API"));
                    render(&page)
                }
            },
            Open,
        )
}

pub fn router(openapi: Arc<OpenApi>) -> Router<AppState> {
    routes(openapi).into_router()
}

/// The OpenAPI document as served (for snapshot tests and `jalin openapi`).
pub fn openapi_json() -> String {
    let (_, openapi) = super::router().split_for_parts();
    serde_json::to_string_pretty(&openapi).unwrap_or_default()
}

impl IntoResponse for ApiDocsPage {
    fn into_response(self) -> Response {
        render(&self)
    }
}
