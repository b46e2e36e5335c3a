"""The example operations GraphiQL opens in tabs for a newcomer (GraphiQL's `defaultTabs`).

Each runs as written against the demo (`customer-gateway demo`, whose customer 1 is Holmes);
a returning browser keeps its own tabs instead.
"""

from __future__ import annotations

from typing import TypedDict

# The demo's storefront login (emulator/open2b/seed.py's Holmes), shown in the Storefront tab.
DEMO_EMAIL = "holmes@inv-london.com"
DEMO_PASSWORD = "sherlock221"
KEY_PLACEHOLDER = "paste the customerKey that LogIn answered"


class Tab(TypedDict):
    query: str
    variables: str
    headers: str


LOOKUP = """\
# One customer by id: null when there is none. Every customer(id:) of an
# operation, under any alias, shares one upstream lookup.
query Lookup {
  holmes: customer(id: "1") {
    id
    fullName
    email
    creationTime
    billingAddress { city country }
  }
  watson: customer(id: "2") { id fullName }
}
"""

PAGE = """\
# A page of customers with a filter, an order and totalCount (one extra
# upstream call, made only when selected). Run it, then set "after" in the
# Variables tab to the endCursor it answered for the next page.
query Page($after: String) {
  customers(
    first: 5
    after: $after
    filter: { country: "IT" }
    orderBy: [{ field: FULL_NAME }]
  ) {
    totalCount
    nodes { id fullName email }
    pageInfo { hasNextPage endCursor }
  }
}
"""

MUTATION = """\
# A write: only the fields given change; the payload's customer is read back.
# Writes are never retried by the gateway.
mutation Rename {
  updateCustomer(id: "1", input: { code: "BAKER-221" }) {
    customer { id code updateTime }
  }
}
"""

STOREFRONT = f"""\
# The storefront: run LogIn (the demo's Holmes), copy its customerKey into the
# Headers tab below as X-Customer-Key, then run Me.
mutation LogIn {{
  logIn(email: "{DEMO_EMAIL}", password: "{DEMO_PASSWORD}") {{
    customerKey
    customer {{ fullName }}
  }}
}}

query Me {{
  me {{ id fullName email loginTime }}
}}
"""


def default_tabs() -> list[Tab]:
    headers = f'{{"X-Customer-Key": "{KEY_PLACEHOLDER}"}}'
    return [
        Tab(query=LOOKUP, variables="", headers=""),
        Tab(query=PAGE, variables='{"after": null}', headers=""),
        Tab(query=MUTATION, variables="", headers=""),
        Tab(query=STOREFRONT, variables="", headers=headers),
    ]
