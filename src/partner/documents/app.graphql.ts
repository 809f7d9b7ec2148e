// Credential check: null when the app does not exist or is not visible to this token's organization.
export const APP_QUERY = /* GraphQL */ `
  query PartnerbotApp($appId: ID!) {
    app(id: $appId) {
      id
      name
      apiKey
    }
  }
`;
