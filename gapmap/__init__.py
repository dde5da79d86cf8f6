"""The gap map: one offline HTML page showing where the law falls short and who has said so.

Why a map: the gap matrix (`lexgap gaps`) says *what* each gap's status is; advocates also have
to show *who* pressed on it and when, which provisions the State cites, and where the sources
disagree.

One module per thing it produces, each importing only those above it in this list:

- `style`: the vocabulary: status colours and words, node and edge kinds, body colours;
- `model`: the data model (`GapMap`, its nodes, edges and tooltips as data);
- `corpus`: document, provision and recommendation nodes and the links the records state;
- `evidence`: gap question nodes, the evidence their answers rest on, and conflicts;
- `filter`: the `--offence`/`--instrument`/`--jurisdiction`/`--max-nodes` checks and `restrict`;
- `build`: the map from the graph (`build_map`) and the map the CLI draws (`gap_map`);
- `stats`: analytics on a built map (`lexgap gapmap --stats`);
- `page`: the self-contained HTML page (`render_html`), with `page.html` and `page.js`.
"""
