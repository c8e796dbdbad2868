//! Starting a simulator and talking to it.

use std::time::Duration;

use reqwest::{header, Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use uem_sim::{Seed, Sim, SimHandle, SimOptions};

pub const CLIENT_ID: &str = "baton-demo";
pub const CLIENT_SECRET: &str = "baton-demo-secret";
pub const STAGED_SERIAL: &str = "C02DEMO00001";
pub const STAGED_ID: i64 = 2001;
pub const BOBS_DEVICE_ID: i64 = 2002;
pub const ALICE_ID: i64 = 1002;
pub const V2: &str = "application/json;version=2";

/// A running demo tenant, a client that trusts it, and a valid access token.
pub struct Env {
    pub sim: SimHandle,
    pub http: Client,
    pub token: String,
}

/// A reqwest client trusting only `ca_pem`, with an overall timeout.
pub fn client(ca_pem: &str, timeout: Duration) -> Client {
    Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .timeout(timeout)
        .build()
        .unwrap()
}

impl Env {
    pub async fn start() -> Env {
        Env::start_with(Seed::demo(), SimOptions::default()).await
    }

    pub async fn start_with(seed: Seed, options: SimOptions) -> Env {
        let sim = Sim::start(seed, options).await.unwrap();
        let http = client(sim.ca_pem(), Duration::from_secs(20));
        let mut env = Env {
            sim,
            http,
            token: String::new(),
        };
        env.token = env.fetch_token().await;
        env
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.base_url())
    }

    /// Posts the demo client's credentials in the form body to the token endpoint.
    pub async fn request_token(&self) -> Response {
        self.http
            .post(self.sim.token_url())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
            ])
            .send()
            .await
            .unwrap()
    }

    /// A token through the form-body client credentials.
    pub async fn fetch_token(&self) -> String {
        let response = self.request_token().await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    /// An authenticated API request (plain `application/json`, i.e. v1).
    pub fn api(&self, method: Method, path: &str) -> RequestBuilder {
        self.api_with(&self.http, method, path, "application/json")
    }

    /// The same with another client (e.g. a short timeout) and `Accept` value.
    pub fn api_with(
        &self,
        http: &Client,
        method: Method,
        path: &str,
        accept: &str,
    ) -> RequestBuilder {
        http.request(method, self.url(path))
            .bearer_auth(&self.token)
            .header(header::ACCEPT, accept)
    }

    pub fn switch_path(device_id: i64, user_id: i64) -> String {
        format!("/api/mdm/devices/{device_id}/enrollmentuser/{user_id}")
    }

    /// `GET /_sim/…` as JSON.
    pub async fn admin_json(&self, path: &str) -> Value {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.json().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.api(Method::GET, path).send().await.unwrap()
    }

    pub async fn device_json(&self, serial: &str) -> Value {
        let response = self
            .get(&format!(
                "/api/mdm/devices?searchby=Serialnumber&id={serial}"
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// The switch, as Baton sends it.
    pub async fn switch(&self, device_id: i64, user_id: i64) -> Response {
        self.api_with(
            &self.http,
            Method::PATCH,
            &Env::switch_path(device_id, user_id),
            V2,
        )
        .send()
        .await
        .unwrap()
    }

    /// Username the device is currently enrolled to, read from the simulator's state.
    pub fn device_user(&self, serial: &str) -> Option<String> {
        self.sim.device_by_serial(serial).unwrap().user
    }
}

pub fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

/// Asserts a UEM error object and returns it.
pub async fn error_object(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(
        header(&response, "content-type"),
        Some("application/json; charset=utf-8")
    );
    let body: Value = response.json().await.unwrap();
    assert!(body["errorCode"].is_i64(), "{body}");
    assert!(body["message"].is_string(), "{body}");
    assert!(body["activityId"].is_string(), "{body}");
    body
}
