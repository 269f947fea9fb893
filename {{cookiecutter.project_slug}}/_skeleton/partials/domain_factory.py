class {{ domain.class_name }}Factory(ModelFactory):
    class Meta:
        model = {{ domain.class_name }}

{% if domain.fields %}
{% for field in domain.fields %}
{% for line in field.factory %}
{{ line }}
{% endfor %}
{% endfor %}
{% else %}
    name = Faker("sentence", nb_words=3)
    description = Faker("paragraph")
{% endif %}
{% if use_jwt %}
    owner = SubFactory(UserFactory)
{% endif %}
