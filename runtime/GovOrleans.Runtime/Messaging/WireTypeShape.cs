using System.Reflection;

namespace GovOrleans.Runtime.Messaging;

/// <summary>
/// A type a peer named, bound to types that already exist but not yet built. The runtime keeps every array type and
/// generic instantiation it ever makes, so what a name would build is first checked against the declared type here and
/// then built only through <see cref="ConstructedTypes"/>, which limits how many a peer may cause.
/// </summary>
internal abstract class WireTypeShape
{
    /// <summary>Whether values of this shape are value types (only those of reference types convert by variance).</summary>
    protected abstract bool IsValueType { get; }

    /// <summary>Whether this shape stands for exactly <paramref name="type"/>.</summary>
    public abstract bool Is(Type type);

    /// <summary>
    /// Whether the type this shape stands for is assignable to <paramref name="declared"/>, decided from the parts that
    /// already exist; null where only the built type can tell (variant interfaces).
    /// </summary>
    public bool? CanBe(Type declared)
    {
        if (this is Leaf leaf)
        {
            return declared.IsAssignableFrom(leaf.Type);
        }

        if (declared == typeof(object) || Is(declared))
        {
            return true;
        }

        // A value type, a sealed class or an array declared takes only itself, and this is not it.
        return WireTypes.IsPolymorphic(declared) ? CanBeConstructed(declared) : false;
    }

    /// <summary>As <see cref="CanBe"/>, for a declared type that is neither object nor this shape and takes subtypes.</summary>
    protected virtual bool? CanBeConstructed(Type declared) => false;

    /// <summary>A type that exists: no array or generic instantiation to build.</summary>
    public sealed class Leaf(Type type) : WireTypeShape
    {
        public Type Type { get; } = type;

        protected override bool IsValueType => Type.IsValueType;

        public override bool Is(Type type) => Type == type;
    }

    /// <summary>A one-dimensional, zero-based array of <see cref="Element"/>.</summary>
    public sealed class ArrayOf(WireTypeShape element) : WireTypeShape
    {
        // IList<T>, IReadOnlyList<T> and the other generic interfaces of T[].
        private static readonly HashSet<Type> ArrayInterfaces =
            [.. typeof(int[]).GetInterfaces().Where(i => i.IsGenericType).Select(i => i.GetGenericTypeDefinition())];

        public WireTypeShape Element { get; } = element;

        protected override bool IsValueType => false;

        public override bool Is(Type type) => type.IsSZArray && Element.Is(type.GetElementType()!);

        protected override bool? CanBeConstructed(Type declared)
        {
            if (!declared.IsGenericType)
            {
                // Object, Array and the non-generic interfaces every array implements.
                return declared.IsAssignableFrom(typeof(Array));
            }

            if (!declared.IsInterface || !ArrayInterfaces.Contains(declared.GetGenericTypeDefinition()))
            {
                return false;
            }

            // IList<T> and kin: of the element itself, or (array covariance) of a reference type it converts to.
            var item = declared.GenericTypeArguments[0];
            return Element.Is(item) ? true : Element.IsValueType || item.IsValueType ? false : Element.CanBe(item);
        }
    }

    /// <summary>An instantiation of the generic type definition <see cref="Definition"/>.</summary>
    public sealed class Generic(Type definition, WireTypeShape[] arguments) : WireTypeShape
    {
        public Type Definition { get; } = definition;

        public IReadOnlyList<WireTypeShape> Arguments { get; } = arguments;

        protected override bool IsValueType => Definition.IsValueType;

        public override bool Is(Type type)
        {
            if (!type.IsConstructedGenericType || type.GetGenericTypeDefinition() != Definition)
            {
                return false;
            }

            var typeArguments = type.GenericTypeArguments;
            for (var i = 0; i < typeArguments.Length; i++)
            {
                if (!Arguments[i].Is(typeArguments[i]))
                {
                    return false;
                }
            }

            return true;
        }

        protected override bool? CanBeConstructed(Type declared)
        {
            if (!declared.IsInterface)
            {
                // A class is assignable only through the base chain, which the definition spells out.
                for (var baseType = Definition.BaseType; baseType is not null; baseType = baseType.BaseType)
                {
                    if (Matches(baseType, declared) is var match && match != false)
                    {
                        return match;
                    }
                }

                return false;
            }

            bool? result = false;
            foreach (var implemented in Definition.GetInterfaces())
            {
                var match = Matches(implemented, declared);
                if (match == false && declared.IsGenericType && implemented.IsGenericType
                    && implemented.GetGenericTypeDefinition() == declared.GetGenericTypeDefinition())
                {
                    match = MatchesByVariance(implemented, declared);
                }

                if (match == true)
                {
                    return true;
                }

                result = match is null ? null : result;
            }

            return result;
        }

        /// <summary>As <see cref="Matches"/> for two instances of one interface, where variant parameters also accept conversions (IEnumerable&lt;object&gt; from IEnumerable&lt;string&gt;).</summary>
        private bool? MatchesByVariance(Type implemented, Type declared)
        {
            var parameters = declared.GetGenericTypeDefinition().GetGenericArguments();
            var open = implemented.GenericTypeArguments;
            var target = declared.GenericTypeArguments;
            bool? all = true;
            for (var i = 0; i < parameters.Length && all != false; i++)
            {
                var variance = parameters[i].GenericParameterAttributes & GenericParameterAttributes.VarianceMask;
                if (variance == GenericParameterAttributes.None)
                {
                    all &= Matches(open[i], target[i]);
                }
                else if (open[i].IsGenericParameter && open[i].DeclaringMethod is null)
                {
                    // Variance converts only between reference types.
                    var argument = Arguments[open[i].GenericParameterPosition];
                    all &= argument.Is(target[i]) ? true
                        : argument.IsValueType || target[i].IsValueType ? false
                        : variance == GenericParameterAttributes.Covariant ? argument.CanBe(target[i])
                        : argument is Leaf leaf ? leaf.Type.IsAssignableFrom(target[i]) : null;
                }
                else
                {
                    // A variant parameter over a composed argument (IEnumerable<KeyValuePair<K, V>>): the built type tells.
                    all = null;
                }
            }

            return all;
        }

        /// <summary>Whether <paramref name="open"/>, written over <see cref="Definition"/>'s parameters, becomes <paramref name="target"/> with this shape's arguments.</summary>
        private bool? Matches(Type open, Type target)
        {
            if (open.IsGenericParameter)
            {
                return open.DeclaringMethod is null && Arguments[open.GenericParameterPosition].Is(target);
            }

            if (open.IsGenericTypeDefinition)
            {
                // A definition used over its own parameters (IEquatable<Self<T>>); any other one is left to the built type.
                return open == Definition ? Is(target) : null;
            }

            if (open.IsSZArray)
            {
                return target.IsSZArray ? Matches(open.GetElementType()!, target.GetElementType()!) : false;
            }

            if (!open.IsConstructedGenericType || !open.ContainsGenericParameters)
            {
                return open == target;
            }

            if (!target.IsConstructedGenericType || open.GetGenericTypeDefinition() != target.GetGenericTypeDefinition())
            {
                return false;
            }

            bool? all = true;
            var openArguments = open.GenericTypeArguments;
            var targetArguments = target.GenericTypeArguments;
            for (var i = 0; i < openArguments.Length && all != false; i++)
            {
                all &= Matches(openArguments[i], targetArguments[i]);
            }

            return all;
        }
    }
}
