//! A simulator on a runtime of its own, for synchronous tests: the code under test (e.g. the
//! CLI, which builds its own runtime, or a spawned binary) runs on the test thread while the
//! simulator keeps answering.

use std::ops::Deref;
use std::path::Path;

use serde_json::Value;

use crate::{Seed, SimError, SimHandle, SimOptions};

/// A running simulator and the runtime it runs on. Dereferences to [`SimHandle`]; dropping it
/// stops the simulator, then its runtime.
pub struct BackgroundSim {
    // Field order matters: the simulator shuts down before its runtime.
    sim: SimHandle,
    _runtime: tokio::runtime::Runtime,
}

impl BackgroundSim {
    /// Starts `seed` on a one-worker runtime.
    pub fn start(seed: Seed, options: SimOptions) -> Result<Self, SimError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(SimError::Io)?;
        let sim = runtime.block_on(crate::Sim::start(seed, options))?;
        Ok(BackgroundSim {
            sim,
            _runtime: runtime,
        })
    }

    /// The demo tenant (UEM and directory) with default options.
    pub fn demo() -> Self {
        Self::start(Seed::demo(), SimOptions::default()).expect("the simulator starts")
    }

    /// Writes [`SimHandle::baton_config`], changed by `edit`, as pretty JSON to `path`.
    pub fn write_baton_config(
        &self,
        path: &Path,
        edit: impl FnOnce(&mut Value),
    ) -> std::io::Result<()> {
        let mut config = self.sim.baton_config();
        edit(&mut config);
        std::fs::write(path, serde_json::to_vec_pretty(&config)?)
    }
}

impl Deref for BackgroundSim {
    type Target = SimHandle;

    fn deref(&self) -> &SimHandle {
        &self.sim
    }
}
