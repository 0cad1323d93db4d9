//! Unlock time with the default key derivation (Argon2id, 384 MiB, 3 passes, 4 lanes), against
//! a baseline in the same run: the bare Argon2id derivation with the same parameters. The
//! difference is what opening the vault adds (reading the key file, AEAD, SQLCipher keying,
//! pragmas, quick_check, audit entry).

use argon2::{Algorithm, Argon2, Params, Version};
use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::SecretString;
use rapport_core::SystemClock;
use rapport_core::{DirLock, Vault, VaultDir};
use rapport_core::{PASSPHRASE_ITERATIONS, PASSPHRASE_LANES, PASSPHRASE_MEMORY_KIB};
use std::sync::Arc;
use std::time::Duration;

const PASSPHRASE: &str = "copper lantern orchard violet";

fn unlock(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path())).unwrap();
    let secret = SecretString::from(PASSPHRASE.to_string());
    Vault::create(&lock, &secret, Arc::new(SystemClock)).unwrap().vault.lock(false).unwrap();

    let mut group = c.benchmark_group("vault");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.bench_function("argon2id_384MiB_t3_p4 (baseline)", |b| {
        let params =
            Params::new(PASSPHRASE_MEMORY_KIB, PASSPHRASE_ITERATIONS, PASSPHRASE_LANES, Some(32))
                .unwrap();
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = [7u8; 32];
        b.iter(|| {
            let mut out = [0u8; 32];
            argon.hash_password_into(PASSPHRASE.as_bytes(), &salt, &mut out).unwrap();
            out
        })
    });
    group.bench_function("unlock (default parameters)", |b| {
        b.iter(|| {
            let v = Vault::unlock(&lock, &secret, Arc::new(SystemClock)).unwrap();
            v.lock(false).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, unlock);
criterion_main!(benches);
