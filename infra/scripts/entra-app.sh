#!/bin/sh
# The Entra ID app registration staff sign in through, with the service's four app roles
# (infra/entra/app-roles.json). Run by azd as hooks (azure.yaml):
#   preprovision:  creates the registration once per azd environment and records its client id
#                  (azd env set AZURE_AUTH_CLIENT_ID), which infra/ gives App Service authentication;
#   postprovision: points the registration's sign-in redirect at the deployed app, and gives the
#                  person running azd the business-unit role (once).
# Where a tenant does not let the deploying person create app registrations, an administrator runs
# the commands of README "Deploying to Azure" (staff sign-in) and sets AZURE_AUTH_CLIENT_ID; this
# script then only does the postprovision steps it is allowed to.
set -eu
cd "$(dirname "$0")/../.."
stage="${1:-preprovision}"
client_id="$(azd env get-value AZURE_AUTH_CLIENT_ID 2>/dev/null || true)"

if [ "$stage" = "preprovision" ]; then
  if [ -n "$client_id" ]; then
    echo "Staff sign-in: using the app registration $client_id (AZURE_AUTH_CLIENT_ID)."
    exit 0
  fi
  name="csp-${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME}"
  echo "Staff sign-in: creating the app registration '$name' with the roles in infra/entra/app-roles.json."
  client_id="$(az ad app create \
    --display-name "$name" \
    --sign-in-audience AzureADMyOrg \
    --enable-id-token-issuance true \
    --app-roles @infra/entra/app-roles.json \
    --query appId --output tsv)"
  # The enterprise application (service principal), which holds the role assignments; people
  # without a role are refused by the app (403), so assignment is what gives access.
  az ad sp create --id "$client_id" --output none
  azd env set AZURE_AUTH_CLIENT_ID "$client_id"
  echo "Staff sign-in: AZURE_AUTH_CLIENT_ID=$client_id"
  exit 0
fi

# postprovision: azd exports the template's outputs (AZURE_FUNCTION_URI) to hooks.
if [ -z "$client_id" ]; then
  echo "Staff sign-in is not configured (AZURE_AUTH_CLIENT_ID is empty): staff pages answer 503." >&2
  exit 0
fi
uri="${AZURE_FUNCTION_URI:?azd sets AZURE_FUNCTION_URI after provisioning}"
az ad app update --id "$client_id" --web-redirect-uris "$uri/.auth/login/aad/callback" --enable-id-token-issuance true
public_url="$(azd env get-value CSP_PUBLIC_BASE_URL 2>/dev/null || true)"
if [ -n "$public_url" ] && [ "$public_url" != "$uri" ]; then
  az ad app update --id "$client_id" --web-redirect-uris "$uri/.auth/login/aad/callback" "$public_url/.auth/login/aad/callback"
fi

if [ "${AZURE_PRINCIPAL_TYPE:-User}" = "User" ] && [ -n "${AZURE_PRINCIPAL_ID:-}" ]; then
  sp_id="$(az ad sp show --id "$client_id" --query id --output tsv)"
  role_id="$(az ad app show --id "$client_id" --query "appRoles[?value=='business-unit'].id | [0]" --output tsv)"
  assigned="$(az rest --method GET \
    --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$sp_id/appRoleAssignedTo" \
    --query "value[?principalId=='$AZURE_PRINCIPAL_ID'] | length(@)" --output tsv)"
  if [ "$assigned" = "0" ]; then
    az rest --method POST \
      --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$sp_id/appRoleAssignedTo" \
      --headers "Content-Type=application/json" \
      --body "{\"principalId\":\"$AZURE_PRINCIPAL_ID\",\"resourceId\":\"$sp_id\",\"appRoleId\":\"$role_id\"}" \
      --output none
    echo "Staff sign-in: you have the business-unit role."
  fi
fi
echo "Staff sign-in: $uri (sign in at $uri/.auth/login/aad)."
