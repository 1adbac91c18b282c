"""Shared page layout: ``{% embed %}``, an include whose blocks the caller fills in.

Every app loads it (``{% load layout_tags %}``); it lives here because units is the app all
the others build on. An ``{% include %}`` passes values, not markup; ``{% embed %}`` lets a
partial such as ``includes/data_table.html`` own the wrapper markup (card, table, header
row, empty state) while the page fills its blocks::

    {% embed "includes/data_table.html" with rows=units %}
      {% block head %}<th scope="col">...</th>{% endblock %}
      {% block rows %}{% for unit in units %}<tr>...</tr>{% endfor %}{% endblock %}
    {% endembed %}

The partial is an ordinary template with blocks and their defaults (``{{ block.super }}``
works); it may ``{% extends %}`` another, whose blocks it and the caller then both fill. It
renders with the caller's context plus the ``with`` values. Only blocks (and blank space) may
stand between ``{% embed %}`` and ``{% endembed %}``.
"""

from django import template
from django.template.base import TextNode, token_kwargs
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode

register = template.Library()

# do_block() keeps the block names of the template being parsed under this attribute, to
# refuse a name used twice; an embed's blocks belong to the partial, not to that template.
LOADED_BLOCKS = "__loaded_blocks"


class EmbedNode(template.Node):
    # Hide the blocks from the page's own {% extends %}: they fill the partial, not the page.
    child_nodelists = ()

    def __init__(self, template_name, extra_context, blocks):
        self.template_name = template_name
        self.extra_context = extra_context
        self.blocks = blocks

    def render(self, context):
        partial = context.template.engine.get_template(self.template_name.resolve(context))
        values = {name: value.resolve(context) for name, value in self.extra_context.items()}
        with context.render_context.push_state(partial):
            block_context = BlockContext()
            block_context.add_blocks(self.blocks)
            # A partial that extends another adds its own blocks and its parent's as it renders.
            if not any(isinstance(node, ExtendsNode) for node in partial.nodelist):
                block_context.add_blocks(
                    {node.name: node for node in partial.nodelist.get_nodes_by_type(BlockNode)}
                )
            context.render_context[BLOCK_CONTEXT_KEY] = block_context
            with context.push(**values):
                return partial._render(context)


@register.tag
def embed(parser, token):
    """``{% embed "partial.html" [with name=value ...] %}{% block ... %}...{% endembed %}``"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'embed' takes the name of a template.")
    template_name = parser.compile_filter(bits[1])
    options = bits[2:]
    extra_context = {}
    if options:
        if options[0] != "with" or len(options) < 2:
            raise template.TemplateSyntaxError("'embed' takes 'with name=value ...'.")
        options = options[1:]
        extra_context = token_kwargs(options, parser, support_legacy=False)
        if options or not extra_context:
            raise template.TemplateSyntaxError("'embed' takes 'with name=value ...'.")

    outer_blocks = getattr(parser, LOADED_BLOCKS, None)
    setattr(parser, LOADED_BLOCKS, [])
    try:
        nodelist = parser.parse(("endembed",))
    finally:
        if outer_blocks is None:
            delattr(parser, LOADED_BLOCKS)
        else:
            setattr(parser, LOADED_BLOCKS, outer_blocks)
    parser.delete_first_token()

    blocks = {}
    for node in nodelist:
        if isinstance(node, BlockNode):
            blocks[node.name] = node
        elif not (isinstance(node, TextNode) and not node.s.strip()):
            raise template.TemplateSyntaxError(
                "Only {% block %} tags may stand inside {% embed %}."
            )
    return EmbedNode(template_name, extra_context, blocks)
