// Starts GraphiQL with the explorer plugin. Loaded from the gateway itself (no CDN), after
// React, ReactDOM, GraphiQL and the plugin's UMD bundles, which define the globals used here.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("graphiql-config").textContent);

  // The IDE is served by GET on the GraphQL endpoint itself, so the page's path is the endpoint.
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();

  function App() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: config.defaultQuery,
      // Example operations in tabs for a newcomer; a returning browser keeps its own tabs.
      defaultTabs: config.defaultTabs,
      // The headers editor is where `X-Customer-Key` goes, for `me` and `updateMe`.
      isHeadersEditorEnabled: true,
      // Headers hold customer keys: keep them for this tab only, never in localStorage.
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
