# Sphinx configuration of the documentation site that `make docs` builds from antsibull-docs' output.
# Offline: no intersphinx inventories are fetched. The few Ansible documentation labels that
# antsibull-docs refers to are resolved to docs.ansible.com here; any other missing reference
# is an error (sphinx-build -W).
from docutils import nodes

project = "palette.selfhosted"
html_title = "palette.selfhosted documentation"
# The footer's line; the collection is GPL-3.0-or-later (COPYING).
copyright = "palette.selfhosted contributors, GNU General Public License v3.0 or later"
extensions = ["sphinx_antsibull_ext"]
pygments_style = "ansible"
highlight_language = "YAML+Jinja"
html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
html_use_modindex = False
html_use_index = False
html_copy_source = False
default_role = "any"
nitpicky = True

ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/latest/"
ANSIBLE_LABELS = {
    "ansible_configuration_settings": "reference_appendices/config.html",
    "common_return_values": "reference_appendices/common_return_values.html",
    "action_plugins": "plugins/action.html",
    "ansible_collections.ansible.builtin.file_lookup": "collections/ansible/builtin/file_lookup.html",
    "ansible_collections.ansible.builtin.from_json_filter": "collections/ansible/builtin/from_json_filter.html",
}


def resolve_ansible_label(app, env, node, contnode):
    page = ANSIBLE_LABELS.get(node.get("reftarget")) if node.get("reftype") == "ref" else None
    if page is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=ANSIBLE_DOCS + page)
    reference += contnode
    return reference


def setup(app):
    app.connect("missing-reference", resolve_ansible_label)
