// Cheapest query that needs the "View financials" permission: one transaction id, or none.
export const FINANCIALS_PROBE_QUERY = /* GraphQL */ `
  query PartnerbotFinancialsProbe {
    transactions(first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }
`;
