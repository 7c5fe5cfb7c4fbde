//! `linli-server admin create|set-password`: staff accounts from the
//! command line, for the first district administrator and for when
//! nobody can sign in. Recorded in the audit log with no user (the
//! command line), like every account change.

use linli_model::account::{AccountError, Password, Role, RoleKind, UserName};
use linli_model::audit::AuditAction;

use crate::catalog_index::{CatalogIndex, CatalogLoadError};
use crate::config::AdminCommand;
use crate::staff_auth::audit_scope;
use crate::store::{
    AccountChange, AccountRow, AuditRecord, ChangeAccount, NewAccount, Store, StoreError,
};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("catalog: {0}")]
    Catalog(#[from] CatalogLoadError),
    #[error("{0}")]
    Account(#[from] AccountError),
    #[error("there is no street {0:?} in the catalog")]
    UnknownStreet(String),
    #[error("there is no centre {0:?} in the catalog")]
    UnknownCenter(String),
    #[error("there is no account {0:?}")]
    UnknownAccount(String),
    #[error("the user name {0:?} is taken")]
    Taken(String),
    #[error("database: {0}")]
    Store(StoreError),
    #[error("{0}")]
    Hash(String),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> AdminError {
        AdminError::Store(e)
    }
}

/// What the command did, for `main` to print.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminOutcome {
    Created { user: String, role: String },
    PasswordSet { user: String },
}

fn entry(
    action: AuditAction,
    target: &AccountRow,
    catalog: &CatalogIndex,
    now: i64,
) -> AuditRecord {
    let (street_id, center_id) = audit_scope(target, catalog);
    AuditRecord {
        at_millis: now,
        user_name: None,
        role: None,
        action,
        street_id,
        center_id,
        target: Some(target.user_name.clone()),
        before: None,
        after: None,
    }
}

async fn hash(password: Password) -> Result<String, AdminError> {
    tokio::task::spawn_blocking(move || crate::secret::hash(password.as_str().as_bytes()))
        .await
        .map_err(|e| AdminError::Hash(e.to_string()))?
        .map_err(AdminError::Hash)
}

/// Runs the command with the password already read (by `main`, from a
/// prompt or stdin).
pub async fn run(
    command: AdminCommand,
    password: &str,
    now_millis: i64,
) -> Result<AdminOutcome, AdminError> {
    let (user, store_args) = match &command {
        AdminCommand::Create { user, store, .. } | AdminCommand::SetPassword { user, store } => {
            (UserName::parse(user)?, store.clone())
        }
    };
    let password = Password::new(password, &user)?;
    let catalog = CatalogIndex::load(&store_args.data)?;
    let store = Store::open(&store_args.db).await?;
    let outcome = match command {
        AdminCommand::Create {
            role,
            street,
            center,
            ..
        } => {
            let kind = RoleKind::parse(&role).ok_or(AccountError::RoleScopeInvalid)?;
            let invalid = |_| AccountError::RoleScopeInvalid;
            let street = street
                .map(|s| s.trim().parse())
                .transpose()
                .map_err(invalid)?;
            let center = center
                .map(|c| c.trim().parse())
                .transpose()
                .map_err(invalid)?;
            let role = Role::from_parts(kind, street, center)?;
            match &role {
                Role::StreetOffice(s) if !catalog.catalog.streets.iter().any(|x| &x.id == s) => {
                    return Err(AdminError::UnknownStreet(s.to_string()));
                }
                Role::CenterManager(c) if catalog.center(c.as_str()).is_none() => {
                    return Err(AdminError::UnknownCenter(c.to_string()));
                }
                _ => {}
            }
            let new = NewAccount {
                user_name: user.to_string(),
                password_hash: hash(password).await?,
                role: role.kind().as_str().to_owned(),
                street_id: role.street().map(ToString::to_string),
                center_id: role.center().map(ToString::to_string),
                now_millis,
            };
            let row = AccountRow {
                id: 0,
                user_name: new.user_name.clone(),
                role: new.role.clone(),
                street_id: new.street_id.clone(),
                center_id: new.center_id.clone(),
                disabled: false,
                created_at_millis: now_millis,
            };
            let audit = entry(AuditAction::AccountCreated, &row, &catalog, now_millis);
            match store.create_account(new, audit).await {
                Ok(_) => {}
                Err(StoreError::UserNameTaken) => return Err(AdminError::Taken(user.to_string())),
                Err(e) => return Err(e.into()),
            }
            AdminOutcome::Created {
                user: user.to_string(),
                role: role.kind().as_str().to_owned(),
            }
        }
        AdminCommand::SetPassword { .. } => {
            let found = store
                .credentials(user.to_string())
                .await?
                .ok_or_else(|| AdminError::UnknownAccount(user.to_string()))?;
            let hashed = hash(password).await?;
            for (change, action) in [
                (
                    AccountChange::Password {
                        hash: hashed,
                        keep: None,
                    },
                    AuditAction::PasswordReset,
                ),
                (AccountChange::Disabled(false), AuditAction::AccountEnabled),
            ] {
                if action == AuditAction::AccountEnabled && !found.account.disabled {
                    continue;
                }
                let audit = entry(action, &found.account, &catalog, now_millis);
                let change = ChangeAccount {
                    user_name: user.to_string(),
                    change,
                    now_millis,
                };
                store.change_account(change, audit).await?;
            }
            AdminOutcome::PasswordSet {
                user: user.to_string(),
            }
        }
    };
    // Let the writer commit and close the database before exiting.
    let closer = store.closer();
    drop(store);
    let _ =
        tokio::task::spawn_blocking(move || closer.wait(std::time::Duration::from_secs(5))).await;
    Ok(outcome)
}
