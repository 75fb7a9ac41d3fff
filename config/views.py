from django.views.generic import TemplateView


class AccessibilityStatementView(TemplateView):
    template_name = "pages/accessibility_statement.html"
