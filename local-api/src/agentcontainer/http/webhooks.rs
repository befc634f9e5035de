//! Webhooks: targets (list, create, get, update, delete, rotate the secret, test) and the
//! delivery log (list, resend).

use super::extract::{AcAuth, Body};
use crate::agentcontainer::domain::webhooks;
use crate::agentcontainer::error::AcResult;
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;

pub async fn list(State(st): State<AppState>, _a: AcAuth) -> Json<DataList<Webhook>> {
    Json(DataList {
        data: webhooks::list(&st),
        page_info: None,
    })
}

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateWebhook>,
) -> AcResult<(StatusCode, Json<WebhookWithSecret>)> {
    Ok((StatusCode::CREATED, Json(webhooks::create(&st, req)?)))
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<Webhook>> {
    Ok(Json(webhooks::get(&st, &id)?))
}

pub async fn update(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<UpdateWebhook>,
) -> AcResult<Json<Webhook>> {
    Ok(Json(webhooks::update(&st, &id, req)?))
}

pub async fn delete(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    webhooks::delete(&st, &id)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn rotate(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<WebhookWithSecret>> {
    Ok(Json(webhooks::rotate(&st, &id)?))
}

pub async fn test(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<WebhookDelivery>> {
    Ok(Json(webhooks::test(&st, &id)?))
}

pub async fn deliveries(
    State(st): State<AppState>,
    _a: AcAuth,
    Query(q): Query<ListDeliveriesQuery>,
) -> AcResult<Json<DataList<WebhookDelivery>>> {
    Ok(Json(DataList {
        data: webhooks::deliveries(&st, &q)?,
        page_info: None,
    }))
}

pub async fn resend(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<WebhookDelivery>> {
    Ok(Json(webhooks::resend(&st, &id)?))
}
