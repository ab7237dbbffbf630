//! The OpenAPI document against the API that serves it, so that the two cannot drift apart:
//! parameters where the routes have them, enum values the API accepts, the error answers
//! every operation can give, and paging limits that are enforced.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// A schema with its `$ref` followed.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .map(|s| resolve(doc, s))
            .unwrap_or(schema),
        None => schema,
    }
}

/// The enum values a schema allows (through references, arrays and nullable `oneOf`s).
fn enum_values(doc: &Value, schema: &Value) -> Vec<String> {
    let schema = resolve(doc, schema);
    let mut values: Vec<String> = schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    if let Some(items) = schema.get("items") {
        values.extend(enum_values(doc, items));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for s in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            values.extend(enum_values(doc, s));
        }
    }
    values
}

/// The `{name}`s of a path template.
fn template_params(path: &str) -> BTreeSet<String> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(str::to_owned)
        .collect()
}

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_openapi_document_agrees_with_the_router() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let admin = s.token_for("admin@jalin.test", "administrator", None).await;
        let (status, doc) = s.get("/api/openapi.json").await;
        assert_eq!(status, StatusCode::OK);
        let ops = operations(&doc);
        assert!(ops.len() > 50, "{} operations", ops.len());
        for (method, path, op) in &ops {
            let at = format!("{} {path}", method.to_uppercase());
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let declared: BTreeSet<String> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(declared, template_params(path), "{at}: path parameters");
            for p in params.iter().filter(|p| p["in"] == "path") {
                assert_eq!(p["required"], true, "{at}: path parameter {}", p["name"]);
            }
            let responses = op["responses"].as_object().unwrap();
            let documents = |status: &str| responses.contains_key(status);
            assert!(documents("401"), "{at}: 401 (an unknown token) is not documented");
            if method != "get" {
                assert!(documents("403"), "{at}: 403 (no CSRF token) is not documented");
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                assert!(
                    documents("400") && documents("422"),
                    "{at}: body errors are not documented"
                );
                if content.contains_key("application/json") {
                    assert!(documents("415"), "{at}: 415 is not documented");
                }
            }
            let query: Vec<&Value> = params.iter().filter(|p| p["in"] == "query").collect();
            if !query.is_empty() {
                assert!(documents("422"), "{at}: 422 for query parameters is not documented");
            }
            for p in &query {
                if p["name"] == "limit" {
                    let schema = resolve(&doc, &p["schema"]);
                    assert_eq!(schema["minimum"], 1, "{at}: limit has no minimum");
                    assert!(schema["maximum"].is_number(), "{at}: limit has no maximum");
                }
            }
            for (status, r) in responses {
                if status.starts_with('4') {
                    let schema = &r["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/ErrorBody",
                        "{at}: {status} without the error body"
                    );
                }
            }
            // Every enum value of a query parameter is accepted by the API.
            if method != "get" || !declared.is_empty() {
                continue;
            }
            for p in &query {
                let name = p["name"].as_str().unwrap();
                for value in enum_values(&doc, &p["schema"]) {
                    let (status, body) = s.get_as(&format!("{path}?{name}={value}"), &admin).await;
                    assert!(!status.is_server_error(), "{at}?{name}={value}: {status} {body}");
                    assert!(
                        body["fields"][name].is_null(),
                        "{at}?{name}={value} is documented but refused: {body}"
                    );
                }
            }
        }
        // The answers of operations without parameters have the documented required fields
        // (two schemas of one name once made `/healthz` an agreement's health).
        for (method, path, op) in &ops {
            if method != "get" || op["parameters"].as_array().is_some_and(|p| !p.is_empty()) {
                continue;
            }
            let schema = resolve(&doc, &op["responses"]["200"]["content"]["application/json"]["schema"]);
            let (status, body) = s.get_as(path, &admin).await;
            if status != StatusCode::OK {
                continue;
            }
            for field in schema["required"].as_array().into_iter().flatten() {
                let field = field.as_str().unwrap();
                assert!(body.get(field).is_some(), "GET {path}: no '{field}' in {body}");
            }
        }
        // Enum values are the codes the API speaks (`KSDD`, `in_force`, `sister_city`), never
        // Rust variant names (`Ksdd`, `InForce`, `SisterCity`).
        for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
            for value in enum_values(&doc, schema) {
                assert!(
                    value == value.to_lowercase() || value == value.to_uppercase(),
                    "{name}: '{value}' is not a code the API speaks"
                );
            }
        }
        let forms = enum_values(&doc, &doc["components"]["schemas"]["Form"]);
        assert_eq!(forms, ["KSDD", "KSDPK", "KSDPL", "KSDLL"]);
        let required = doc["components"]["schemas"]["AgreementInput"]["required"].clone();
        for field in ["form", "subtype", "tier", "status", "title_id", "parties"] {
            assert!(
                required.as_array().is_some_and(|r| r.iter().any(|f| f == field)),
                "AgreementInput: {field} is not required: {required}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn paging_outside_its_range_is_refused_not_changed() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        for query in ["limit=0", "limit=-1", "limit=501", "offset=-1"] {
            let (status, body) = s.get(&format!("/api/v1/regions?{query}")).await;
            let field = query.split('=').next().unwrap();
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
            assert_eq!(body["error"], "validation_failed", "{query}");
            assert!(body["fields"][field].is_string(), "{query}: {body}");
            assert_eq!(body["codes"][field], "out_of_range", "{query}: {body}");
        }
        let (status, body) = s.get("/api/v1/regions?limit=many").await;
        assert_eq!(
            (status, &body["codes"]["limit"]),
            (StatusCode::UNPROCESSABLE_ENTITY, &Value::from("invalid"))
        );
        let (status, body) = s.get("/api/v1/regions?limit=500&offset=0").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["items"].as_array().unwrap().len(), 500);
        let admin = s.token_for("admin@jalin.test", "administrator", None).await;
        let (status, body) = s.get_as("/api/v1/alerts?limit=0", &admin).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    })
    .await;
}
